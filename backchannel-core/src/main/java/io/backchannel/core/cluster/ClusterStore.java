package io.backchannel.core.cluster;

/**
 * The shared store of a console cluster: a log of entries, tombstones and heartbeats that every
 * console writes its own records to and reads everyone's from ({@code docs/cluster.md}). A store
 * only carries records: leases, epochs, the merge and health are decided by the peer.
 *
 * <p>Implementations are thread-safe; the write methods never block for long (they queue and
 * return) and never throw for an unreachable store: records are retried or lost, and the peer
 * notices through its own heartbeat not coming back.
 */
public interface ClusterStore extends AutoCloseable {

  /** Stores {@code entry} under {@link ClusterEntry#key()}, replacing what was there. */
  void publish(ClusterEntry entry);

  /** Removes the entry stored under {@code key} (a tombstone); any console may reap a dead one. */
  void withdraw(EntryKey key);

  /** Stores {@code heartbeat} under its console, replacing the console's previous one. */
  void heartbeat(Heartbeat heartbeat);

  /** Removes the heartbeat of {@code console}: it left the cluster. */
  void withdrawHeartbeat(String console);

  /**
   * Starts telling {@code listener} every record, from the oldest still stored, then every new one
   * as it is stored, including this console's own. Records of one key arrive in the order they
   * were stored. Called once.
   */
  void subscribe(Listener listener);

  /** Stops reading and writing; records not yet stored may be lost. */
  @Override
  void close();

  /**
   * Told of every record, one at a time on the store's own thread. Its methods are fast, take no
   * lock a store method holds, never call back into the store and never throw.
   */
  interface Listener {
    void onEntry(ClusterEntry entry);

    void onTombstone(EntryKey key);

    void onHeartbeat(Heartbeat heartbeat);

    void onHeartbeatWithdrawn(String console);
  }
}
