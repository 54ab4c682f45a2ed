package io.backchannel.core.internal.cluster;

import io.backchannel.core.cluster.ClusterEntry;
import io.backchannel.core.cluster.ClusterStatus;
import io.backchannel.core.cluster.ClusterStore;
import io.backchannel.core.cluster.EntryKey;
import io.backchannel.core.cluster.Heartbeat;
import io.backchannel.core.internal.session.RemoteNodeIds;
import io.backchannel.core.internal.session.Session;
import io.backchannel.core.internal.session.SessionRegistry;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeSelector;
import io.backchannel.core.node.RegistryListener;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This console as a member of its cluster: publishes each session of its registry to the store
 * (and withdraws it when it closes), heartbeats every {@code ttl / 3}, and on the same tick sweeps
 * the view, reaps dead entries and republishes own entries that someone else reaped.
 *
 * <p>Registry events arrive one at a time on the peer's executor; the tick runs on one daemon
 * thread of its own ({@code bc-<console>-cluster}). Own epochs are kept per open session, so they
 * are bounded by the registry's sessions.
 */
public final class ClusterMember implements RegistryListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);
  /** At most this many entries of other consoles are kept; records beyond are dropped. */
  static final int MAX_REMOTE_ENTRIES = 100_000;
  /** At most this many consoles are followed. */
  static final int MAX_CONSOLES = 1_024;

  private final ClusterStore store;
  private final SessionRegistry registry;
  private final String self;
  private final long incarnation;
  private final ClusterView view;
  private final MergedEvents events;
  private final MergedRegistry merged;
  private final Map<NodeKey, Long> epochs = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticker;
  private volatile boolean closed;

  /**
   * @param ttl how long a console's entries outlive its last heartbeat read
   * @param nanoClock the monotonic clock leases are measured on
   */
  public ClusterMember(ClusterStore store, SessionRegistry registry, String self, Duration ttl, LongSupplier nanoClock) {
    this.store = store;
    this.registry = registry;
    this.self = self;
    this.incarnation = new SecureRandom().nextLong();
    this.view = new ClusterView(self, incarnation, ttl.toNanos(), nanoClock, MAX_REMOTE_ENTRIES, MAX_CONSOLES,
        this::viewChanged);
    this.events = new MergedEvents(registry, view);
    this.merged = new MergedRegistry(registry, view, events);
    this.ticker = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name("bc-" + self + "-cluster").factory());
    long period = Math.max(1, ttl.toMillis() / 3);
    registry.addListener(events);
    // Subscribe and heartbeat before publishing, so others have this incarnation's lease first.
    store.subscribe(view);
    store.heartbeat(new Heartbeat(self, incarnation));
    registry.addListener(this);
    registry.sessions(NodeSelector.anyTenant()).forEach(session -> publish(session, true));
    ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  /** The merged registry: this console's sessions and the live nodes of the others. */
  public MergedRegistry registryView() {
    return merged;
  }

  public ClusterStatus status() {
    return view;
  }

  /** The node ids the other consoles hold, for admitting new sessions. */
  public RemoteNodeIds remoteNodeIds() {
    return view::heldByOtherTenant;
  }

  /** On the store's or the tick's thread, outside the view's lock: only queues the events' drain. */
  private void viewChanged() {
    events.viewChanged();
  }

  @Override
  public void onOnline(NodeInfo node) {
    Session session = registry.session(node.nodeId());
    if (session != null) {
      publish(session, true);
    }
  }

  @Override
  public void onUpdated(NodeInfo node) {
    Session session = registry.session(node.nodeId());
    if (session != null) {
      publish(session, false);
    }
  }

  @Override
  public void onOffline(NodeInfo node) {
    epochs.remove(new NodeKey(node.tenant(), node.nodeId()));
    if (!closed) {
      store.withdraw(new EntryKey(node.tenant(), node.nodeId(), self));
    }
  }

  private void publish(Session session, boolean newSession) {
    if (closed) {
      return;
    }
    NodeInfo node = session.remote();
    NodeKey key = new NodeKey(node.tenant(), node.nodeId());
    Long known = newSession ? null : epochs.get(key);
    long epoch = known != null ? known : view.nextEpoch(node.tenant(), node.nodeId(), System.currentTimeMillis());
    epochs.put(key, epoch);
    store.publish(new ClusterEntry(node, self, incarnation, epoch, session.load().reportedInFlight(),
        session.load().cost(), session.isDraining()));
  }

  private void tick() {
    try {
      store.heartbeat(new Heartbeat(self, incarnation));
      for (EntryKey dead : view.sweep()) {
        // An earlier process's entry of a node this one holds again was overwritten: leave it.
        if (!dead.console().equals(self) || !holds(dead)) {
          store.withdraw(dead);
        }
      }
      for (EntryKey reaped : view.takeOwnTombstones()) {
        Session session = registry.session(reaped.nodeId());
        if (session != null && session.remote().tenant().equals(reaped.tenant())) {
          LOG.info("console {} still holds {}, which the cluster store dropped; publishing it again", self, reaped.nodeId());
          publish(session, false);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("cluster tick of console {} failed", self, e);
    }
  }

  private boolean holds(EntryKey key) {
    Session session = registry.session(key.nodeId());
    return session != null && session.remote().tenant().equals(key.tenant());
  }

  /** Leaves the cluster: withdraws every own entry and the heartbeat, then closes the store. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    registry.removeListener(this);
    ticker.shutdownNow();
    for (Session session : registry.sessions(NodeSelector.anyTenant())) {
      store.withdraw(new EntryKey(session.remote().tenant(), session.nodeId(), self));
    }
    store.withdrawHeartbeat(self);
    closed = true;
    epochs.clear();
    store.close();
  }

  @Override
  public String toString() {
    return "cluster member " + self;
  }
}
