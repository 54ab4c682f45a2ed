package io.backchannel.core.internal.cluster;

import io.backchannel.core.cluster.ClusterEntry;
import io.backchannel.core.cluster.ClusterStatus;
import io.backchannel.core.cluster.ClusterStore;
import io.backchannel.core.cluster.EntryKey;
import io.backchannel.core.cluster.Heartbeat;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this console has read from its store, with the cluster's rules in one place: an entry is
 * live while its holder's lease lasts and names its incarnation; a lease is renewed by each
 * heartbeat of its console read and lasts {@link #ROUNDS} of this console's own heartbeats read
 * after that (one round is a third of the TTL), so while this console's own heartbeat does not come
 * back no lease expires and the last known view stays listed; of the live entries of one node the
 * highest {@code (epoch, console)} is listed. The store is healthy while this console's own
 * heartbeat came back within the TTL.
 *
 * <p>Thread-safe: the store's thread writes, any thread reads, all under this object's lock, which
 * is never held while calling out. Bounded: at most {@code maxEntries} entries and {@code
 * maxConsoles} leases; records beyond are dropped and counted.
 */
final class ClusterView implements ClusterStore.Listener, ClusterStatus {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterView.class);
  /** Own heartbeats a console's lease outlasts its last heartbeat read by: the TTL, in heartbeats. */
  static final int ROUNDS = 3;

  private final String self;
  private final long incarnation;
  private final long ttlNanos;
  private final LongSupplier nanoClock;
  private final int maxEntries;
  private final int maxConsoles;
  private final Map<EntryKey, ClusterEntry> entries = new HashMap<>();
  private final Map<NodeKey, List<ClusterEntry>> byNode = new HashMap<>();
  private final Map<String, Set<String>> tenantsById = new HashMap<>(); // to find a node of any tenant by id
  private final Map<String, Lease> leases = new HashMap<>();
  private final Map<NodeKey, Long> ownEpochs = new HashMap<>(); // read back, for the next epoch of a node
  private final Set<EntryKey> toReap = new LinkedHashSet<>();
  private final Set<EntryKey> ownTombstones = new LinkedHashSet<>();
  private long round;
  private long lastOwnHeartbeatNanos;
  private boolean healthy;
  private long dropped;

  ClusterView(String self, long incarnation, long ttlNanos, LongSupplier nanoClock, int maxEntries, int maxConsoles) {
    this.self = self;
    this.incarnation = incarnation;
    this.ttlNanos = ttlNanos;
    this.nanoClock = nanoClock;
    this.maxEntries = maxEntries;
    this.maxConsoles = maxConsoles;
  }

  @Override
  public synchronized void onEntry(ClusterEntry entry) {
    EntryKey key = entry.key();
    if (entry.console().equals(self)) {
      // Own entries are known first-hand; one of an earlier process of this console is dead.
      NodeKey node = new NodeKey(key.tenant(), key.nodeId());
      ownEpochs.merge(node, entry.epoch(), Math::max);
      if (ownEpochs.size() > maxEntries) {
        ownEpochs.remove(node);
      }
      if (entry.incarnation() != incarnation) {
        addBounded(toReap, key);
      }
      return;
    }
    ClusterEntry old = entries.get(key);
    if (old == null && entries.size() >= maxEntries) {
      drop("entry of " + key);
      return;
    }
    entries.put(key, entry);
    List<ClusterEntry> holders = byNode.computeIfAbsent(new NodeKey(key.tenant(), key.nodeId()), k -> new ArrayList<>(1));
    tenantsById.computeIfAbsent(key.nodeId(), k -> new HashSet<>(2)).add(key.tenant());
    if (old != null) {
      holders.remove(old);
    }
    holders.add(entry);
  }

  @Override
  public synchronized void onTombstone(EntryKey key) {
    if (key.console().equals(self)) {
      addBounded(ownTombstones, key);
      return;
    }
    remove(key);
  }

  @Override
  public synchronized void onHeartbeat(Heartbeat heartbeat) {
    if (heartbeat.console().equals(self)) {
      if (heartbeat.incarnation() != incarnation) {
        return; // an earlier process of this console
      }
      round++;
      lastOwnHeartbeatNanos = nanoClock.getAsLong();
      if (!healthy) {
        healthy = true;
        LOG.info("cluster store reachable: console {} reads its own heartbeat", self);
      }
    }
    if (!leases.containsKey(heartbeat.console()) && leases.size() >= maxConsoles) {
      drop("heartbeat of console " + heartbeat.console());
      return;
    }
    leases.put(heartbeat.console(), new Lease(heartbeat.incarnation(), round, heartbeat.addresses()));
  }

  @Override
  public synchronized void onHeartbeatWithdrawn(String console) {
    leases.remove(console);
    if (!console.equals(self)) {
      removeConsole(console);
    }
  }

  /**
   * Checks health and expires leases. Returns the keys to tombstone in the store: entries of
   * expired consoles and of earlier processes of this one.
   */
  synchronized List<EntryKey> sweep() {
    if (healthy && nanoClock.getAsLong() - lastOwnHeartbeatNanos - ttlNanos > 0) {
      healthy = false;
      LOG.warn("cluster store unreachable: console {} has not read its own heartbeat for {} ms; "
          + "keeping the last known view of {} remote nodes", self, ttlNanos / 1_000_000, byNode.size());
    }
    List<String> expired = new ArrayList<>();
    leases.forEach((console, lease) -> {
      if (!console.equals(self) && lease.expiredAt(round)) {
        expired.add(console);
      }
    });
    for (String console : expired) {
      leases.remove(console);
      LOG.warn("console {} stopped heartbeating; its nodes are no longer listed", console);
    }
    // A store may deliver a console's entries before its heartbeat: an entry without a lease is
    // dead only once this console has read its own heartbeat more than ROUNDS times.
    boolean pastStart = round > ROUNDS;
    for (ClusterEntry entry : List.copyOf(entries.values())) {
      Lease lease = leases.get(entry.console());
      if (lease == null ? pastStart : lease.incarnation() != entry.incarnation()) {
        remove(entry.key());
        addBounded(toReap, entry.key());
      }
    }
    List<EntryKey> reap = List.copyOf(toReap);
    toReap.clear();
    return reap;
  }

  /** Keys of this console's entries that someone tombstoned since the last call. */
  synchronized List<EntryKey> takeOwnTombstones() {
    List<EntryKey> keys = List.copyOf(ownTombstones);
    ownTombstones.clear();
    return keys;
  }

  /** The epoch for a new session of a node here: after every epoch read for it, and no earlier than now. */
  synchronized long nextEpoch(String tenant, String nodeId, long wallMillis) {
    NodeKey node = new NodeKey(tenant, nodeId);
    Long own = ownEpochs.get(node);
    long highest = own == null ? Long.MIN_VALUE : own;
    List<ClusterEntry> holders = byNode.get(node);
    for (ClusterEntry entry : holders == null ? List.<ClusterEntry>of() : holders) {
      highest = Math.max(highest, entry.epoch());
    }
    return highest == Long.MIN_VALUE ? wallMillis : Math.max(wallMillis, highest + 1);
  }

  /** The live remote nodes matching {@code selector}, one per node, each marked with its holder. */
  synchronized List<NodeInfo> nodes(NodeSelector selector) {
    List<NodeInfo> result = new ArrayList<>();
    for (ClusterEntry entry : listed(selector)) {
      result.add(entry.node().heldBy(entry.console()));
    }
    return result;
  }

  /** The listed entry of every live remote node matching {@code selector}. */
  synchronized List<ClusterEntry> listed(NodeSelector selector) {
    List<ClusterEntry> result = new ArrayList<>();
    String tenant = selector.tenant();
    for (Map.Entry<NodeKey, List<ClusterEntry>> node : byNode.entrySet()) {
      if (tenant != null && !tenant.equals(node.getKey().tenant())) {
        continue;
      }
      ClusterEntry winner = winner(node.getValue());
      if (winner != null && selector.matches(winner.node())) {
        result.add(winner);
      }
    }
    return result;
  }

  /** The live entry listed for {@code nodeId} of any tenant, if any. */
  synchronized @Nullable ClusterEntry entry(String nodeId) {
    return locate(null, nodeId);
  }

  /**
   * The live entry listed for {@code nodeId} of {@code tenant}, or of any tenant when it is null
   * (ids are unique in a cluster; while two tenants' entries of one id overlap, either may be found).
   */
  synchronized @Nullable ClusterEntry locate(@Nullable String tenant, String nodeId) {
    if (tenant != null) {
      List<ClusterEntry> holders = byNode.get(new NodeKey(tenant, nodeId));
      return holders == null ? null : winner(holders);
    }
    for (String held : tenantsById.getOrDefault(nodeId, Set.of())) {
      ClusterEntry winner = winner(byNode.getOrDefault(new NodeKey(held, nodeId), List.of()));
      if (winner != null) {
        return winner;
      }
    }
    return null;
  }

  /** Where each other live console takes relays, for those that publish an address. */
  synchronized Map<String, List<String>> relayAddresses() {
    Map<String, List<String>> result = new HashMap<>();
    leases.forEach((console, lease) -> {
      if (!console.equals(self) && !lease.expiredAt(round) && !lease.addresses().isEmpty()) {
        result.put(console, lease.addresses());
      }
    });
    return result;
  }

  @Override
  public synchronized boolean healthy() {
    return healthy;
  }

  @Override
  public synchronized int liveConsoles() {
    return (int) leases.values().stream().filter(lease -> !lease.expiredAt(round)).count();
  }

  @Override
  public synchronized int remoteNodes() {
    return byNode.size();
  }

  /** Records dropped for being past a bound. */
  synchronized long dropped() {
    return dropped;
  }

  private @Nullable ClusterEntry winner(List<ClusterEntry> holders) {
    ClusterEntry best = null;
    for (ClusterEntry entry : holders) {
      Lease lease = leases.get(entry.console());
      if (lease == null || !lease.covers(entry.incarnation(), round)) {
        continue;
      }
      if (best == null || entry.epoch() > best.epoch()
          || (entry.epoch() == best.epoch() && entry.console().compareTo(best.console()) > 0)) {
        best = entry;
      }
    }
    return best;
  }

  private void remove(EntryKey key) {
    ClusterEntry old = entries.remove(key);
    if (old != null) {
      NodeKey node = new NodeKey(key.tenant(), key.nodeId());
      List<ClusterEntry> holders = byNode.get(node);
      if (holders != null) {
        holders.remove(old);
        if (holders.isEmpty()) {
          byNode.remove(node);
          Set<String> tenants = tenantsById.get(key.nodeId());
          if (tenants != null && tenants.remove(key.tenant()) && tenants.isEmpty()) {
            tenantsById.remove(key.nodeId());
          }
        }
      }
    }
  }

  /** Forgets the entries of a console that left; it withdrew them itself. */
  private void removeConsole(String console) {
    for (ClusterEntry entry : List.copyOf(entries.values())) {
      if (entry.console().equals(console)) {
        remove(entry.key());
      }
    }
  }

  private void addBounded(Set<EntryKey> keys, EntryKey key) {
    if (keys.size() < maxEntries) {
      keys.add(key);
    } else {
      drop("reaping of " + key);
    }
  }

  private void drop(String what) {
    if (dropped++ % 1000 == 0) {
      LOG.warn("cluster view of console {} is full ({} entries, {} consoles): dropped the {} ({} dropped so far)",
          self, maxEntries, maxConsoles, what, dropped);
    }
  }
}
