package io.backchannel.core.cluster;

/** How a console sees its cluster now ({@code Peer.cluster()}). Thread-safe. */
public interface ClusterStatus {

  /**
   * Whether this console's own heartbeat came back from the store within the TTL. While it does
   * not, the store is out of reach: the console keeps listing its last known view and expires no
   * other console.
   */
  boolean healthy();

  /** The consoles whose heartbeats are current, this one included once its own came back. */
  int liveConsoles();

  /** The nodes listed from other consoles. */
  int remoteNodes();
}
