package io.backchannel.core.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * A cluster store inside one JVM: the latest record per key, as a compacted log keeps them, shared
 * by every console that {@link #connect}s. For several consoles embedded in one process and for
 * tests; a cluster of processes needs a store they share, such as {@code backchannel-cluster-kafka}.
 *
 * <p>Thread-safe. Records are delivered to every subscriber synchronously, in one global order,
 * on the thread that stores them. Holds at most {@code maxKeys} entries and heartbeats: a record
 * under a new key beyond that is dropped, as a full broker would refuse it.
 */
public final class InMemoryCluster {
  private final int maxKeys;
  private final Map<EntryKey, ClusterEntry> entries = new LinkedHashMap<>(); // guarded by this
  private final Map<String, Heartbeat> heartbeats = new LinkedHashMap<>(); // guarded by this
  private final List<ClusterStore.Listener> subscribers = new CopyOnWriteArrayList<>();
  private boolean available = true; // guarded by this
  private long dropped; // guarded by this

  private InMemoryCluster(int maxKeys) {
    this.maxKeys = maxKeys;
  }

  /** An empty store of at most {@code maxKeys} entries and heartbeats (1 … 10,000,000). */
  public static InMemoryCluster create(int maxKeys) {
    if (maxKeys < 1 || maxKeys > 10_000_000) {
      throw new IllegalArgumentException("maxKeys must be 1 … 10,000,000, was " + maxKeys);
    }
    return new InMemoryCluster(maxKeys);
  }

  /** A console's handle on this store; close it when the console closes. */
  public ClusterStore connect() {
    return new Handle();
  }

  /**
   * Makes the store reachable or not, as a broker outage would: while unreachable, records are
   * dropped and nothing is delivered.
   */
  public synchronized void available(boolean available) {
    this.available = available;
  }

  /** The records dropped so far, for being past {@code maxKeys} or sent while unavailable. */
  public synchronized long dropped() {
    return dropped;
  }

  private synchronized void store(Object key, Object record) {
    if (!available) {
      dropped++;
      return;
    }
    boolean isEntry = record instanceof ClusterEntry;
    boolean known = isEntry ? entries.containsKey(key) : heartbeats.containsKey(key);
    if (!known && entries.size() + heartbeats.size() >= maxKeys) {
      dropped++;
      return;
    }
    if (isEntry) {
      entries.put((EntryKey) key, (ClusterEntry) record);
      subscribers.forEach(listener -> listener.onEntry((ClusterEntry) record));
    } else {
      heartbeats.put((String) key, (Heartbeat) record);
      subscribers.forEach(listener -> listener.onHeartbeat((Heartbeat) record));
    }
  }

  private synchronized void remove(EntryKey key) {
    if (!available) {
      dropped++;
      return;
    }
    entries.remove(key);
    subscribers.forEach(listener -> listener.onTombstone(key));
  }

  private synchronized void removeHeartbeat(String console) {
    if (!available) {
      dropped++;
      return;
    }
    heartbeats.remove(console);
    subscribers.forEach(listener -> listener.onHeartbeatWithdrawn(console));
  }

  private synchronized void subscribe(ClusterStore.Listener listener) {
    new ArrayList<>(entries.values()).forEach(listener::onEntry);
    new ArrayList<>(heartbeats.values()).forEach(listener::onHeartbeat);
    subscribers.add(listener);
  }

  /** One console's connection to the store. */
  private final class Handle implements ClusterStore {
    private volatile ClusterStore.@Nullable Listener listener;
    private volatile boolean closed;

    @Override
    public void publish(ClusterEntry entry) {
      if (!closed) {
        store(entry.key(), entry);
      }
    }

    @Override
    public void withdraw(EntryKey key) {
      if (!closed) {
        remove(Objects.requireNonNull(key, "key"));
      }
    }

    @Override
    public void heartbeat(Heartbeat heartbeat) {
      if (!closed) {
        store(heartbeat.console(), heartbeat);
      }
    }

    @Override
    public void withdrawHeartbeat(String console) {
      if (!closed) {
        removeHeartbeat(Objects.requireNonNull(console, "console"));
      }
    }

    @Override
    public void subscribe(ClusterStore.Listener listener) {
      if (this.listener != null) {
        throw new IllegalStateException("already subscribed");
      }
      this.listener = Objects.requireNonNull(listener, "listener");
      InMemoryCluster.this.subscribe(listener);
    }

    @Override
    public void close() {
      closed = true;
      ClusterStore.Listener subscribed = listener;
      if (subscribed != null) {
        subscribers.remove(subscribed);
      }
    }
  }
}
