package io.backchannel.core.node;

/**
 * Told when nodes connect, disconnect or announce new tags or services. Called on a thread of the
 * peer's executor (a virtual thread by default), one event at a time and in the order the changes
 * happened, never under a registry lock. A slow listener delays later events, not the peer's I/O;
 * what it throws is logged and ignored, and the other listeners are still told. On a console of a
 * cluster, the other consoles' nodes come and go too ({@link Registry}).
 */
public interface RegistryListener {
  /** {@code node} connected and authenticated (or replaced an older connection with its id). */
  default void onOnline(NodeInfo node) {}

  /** {@code node}'s connection closed, for whatever reason; it was not replaced. */
  default void onOffline(NodeInfo node) {}

  /** {@code node} announced new tags or services, or a graceful logout. */
  default void onUpdated(NodeInfo node) {}
}
