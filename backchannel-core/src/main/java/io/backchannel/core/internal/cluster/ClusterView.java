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
 * back no lease expires and the last known view stays listed; of the live entries of one node a
 * non-draining one wins over a draining one (a node moving away from a leaving console is listed
 * with its new holder), then the highest {@code (epoch, console)}. The store is healthy while this console's own
 * heartbeat came back within the TTL.
 *
 * <p>Every change of what is listed for a node marks the node changed ({@link #takeChanged}) and,
 * once the lock is released, runs {@code onChange}: that is how the merged registry's listener
 * events learn of remote nodes ({@code MergedEvents}).
 *
 * <p>Thread-safe: the store's thread writes, any thread reads, all under this object's lock, which
 * is never held while calling out. Bounded: at most {@code maxEntries} entries and {@code
 * maxConsoles} leases; records beyond are dropped and counted; at most {@code maxEntries} changed
 * nodes are marked, past that the next {@link #takeChanged} asks for a full comparison instead.
 */
final class ClusterView implements ClusterStore.Listener, ClusterStatus {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterView.class);
  /** Own heartbeats a console's lease outlasts its last heartbeat read by: the TTL, in heartbeats. */
  static final int ROUNDS = 3;
  /** At most this many of a console's published addresses are kept (and dialed). */
  static final int MAX_ADDRESSES = 8;

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
  private final Set<NodeKey> changed = new LinkedHashSet<>();
  private final Runnable onChange;
  private boolean changedOverflow;
  private long round;
  private long lastOwnHeartbeatNanos;
  private boolean healthy;
  private long dropped;

  /** @param onChange run, outside the lock, after a change marked nodes changed; must not block */
  ClusterView(String self, long incarnation, long ttlNanos, LongSupplier nanoClock, int maxEntries, int maxConsoles,
      Runnable onChange) {
    this.self = self;
    this.incarnation = incarnation;
    this.ttlNanos = ttlNanos;
    this.nanoClock = nanoClock;
    this.maxEntries = maxEntries;
    this.maxConsoles = maxConsoles;
    this.onChange = onChange;
  }

  @Override
  public void onEntry(ClusterEntry entry) {
    synchronized (this) {
      applyEntry(entry);
    }
    signalChanges();
  }

  private void applyEntry(ClusterEntry entry) {
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
    NodeKey node = new NodeKey(key.tenant(), key.nodeId());
    List<ClusterEntry> holders = byNode.computeIfAbsent(node, k -> new ArrayList<>(1));
    tenantsById.computeIfAbsent(key.nodeId(), k -> new HashSet<>(2)).add(key.tenant());
    if (old != null) {
      holders.remove(old);
    }
    holders.add(entry);
    markChanged(node);
  }

  @Override
  public void onTombstone(EntryKey key) {
    synchronized (this) {
      if (key.console().equals(self)) {
        addBounded(ownTombstones, key);
        return;
      }
      remove(key);
    }
    signalChanges();
  }

  @Override
  public void onHeartbeat(Heartbeat heartbeat) {
    synchronized (this) {
      applyHeartbeat(heartbeat);
    }
    signalChanges();
  }

  private void applyHeartbeat(Heartbeat heartbeat) {
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
      // A round later some leases no longer cover their entries, before the sweep removes them.
      leases.forEach((console, lease) -> {
        if (!console.equals(self) && lease.expiredAt(round) && !lease.expiredAt(round - 1)) {
          markConsole(console);
        }
      });
    }
    Lease old = leases.get(heartbeat.console());
    if (old == null && leases.size() >= maxConsoles) {
      drop("heartbeat of console " + heartbeat.console());
      return;
    }
    List<String> addresses = heartbeat.addresses();
    leases.put(heartbeat.console(), new Lease(heartbeat.incarnation(), round,
        addresses.size() > MAX_ADDRESSES ? List.copyOf(addresses.subList(0, MAX_ADDRESSES)) : addresses));
    if (!heartbeat.console().equals(self)
        && (old == null || old.expiredAt(round) || old.incarnation() != heartbeat.incarnation())) {
      markConsole(heartbeat.console()); // its entries came to life, or those of another process died
    }
  }

  @Override
  public void onHeartbeatWithdrawn(String console) {
    synchronized (this) {
      leases.remove(console);
      if (!console.equals(self)) {
        removeConsole(console);
      }
    }
    signalChanges();
  }

  /**
   * Checks health and expires leases. Returns the keys to tombstone in the store: entries of
   * expired consoles and of earlier processes of this one.
   */
  List<EntryKey> sweep() {
    List<EntryKey> reap;
    synchronized (this) {
      reap = expire();
    }
    signalChanges();
    return reap;
  }

  private List<EntryKey> expire() {
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

  /** Whether a live entry of a tenant other than {@code tenant} holds {@code nodeId}. */
  synchronized boolean heldByOtherTenant(String nodeId, String tenant) {
    for (String other : tenantsById.getOrDefault(nodeId, Set.of())) {
      if (!other.equals(tenant) && locate(other, nodeId) != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * The nodes whose listing may have changed since the last call; when more changed than could be
   * marked, {@code all} is set and {@code nodes} holds every node in the view: the caller must then
   * also look again at every node it was told of before.
   */
  synchronized Changes takeChanged() {
    Changes changes = changedOverflow ? new Changes(List.copyOf(byNode.keySet()), true)
        : new Changes(List.copyOf(changed), false);
    changed.clear();
    changedOverflow = false;
    return changes;
  }

  /** What {@link #takeChanged} returns. */
  record Changes(List<NodeKey> nodes, boolean all) {}

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
      if (best == null || outranks(entry, best)) {
        best = entry;
      }
    }
    return best;
  }

  private static boolean outranks(ClusterEntry entry, ClusterEntry other) {
    if (entry.draining() != other.draining()) {
      return other.draining();
    }
    return entry.epoch() > other.epoch()
        || (entry.epoch() == other.epoch() && entry.console().compareTo(other.console()) > 0);
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
      markChanged(node);
    }
  }

  private void markConsole(String console) {
    for (ClusterEntry entry : entries.values()) {
      if (entry.console().equals(console)) {
        markChanged(new NodeKey(entry.key().tenant(), entry.key().nodeId()));
      }
    }
  }

  private void markChanged(NodeKey node) {
    if (changedOverflow) {
      return;
    }
    if (changed.size() < maxEntries || changed.contains(node)) {
      changed.add(node);
    } else {
      changed.clear(); // more than the view can hold changed: the reader compares everything once
      changedOverflow = true;
    }
  }

  /** Runs {@code onChange} if nodes are marked changed; called without the lock. */
  private void signalChanges() {
    boolean any;
    synchronized (this) {
      any = changedOverflow || !changed.isEmpty();
    }
    if (any) {
      onChange.run();
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
