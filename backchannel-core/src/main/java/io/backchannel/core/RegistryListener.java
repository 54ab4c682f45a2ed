package io.backchannel.core;

/**
 * Told when nodes connect, disconnect or announce new tags or services. Called on an I/O thread
 * in the order the events happened for one node: return quickly, never block, never throw.
 */
public interface RegistryListener {
  /** {@code node} connected and authenticated (or replaced an older connection with its id). */
  default void onOnline(NodeInfo node) {}

  /** {@code node}'s connection closed, for whatever reason; it was not replaced. */
  default void onOffline(NodeInfo node) {}

  /** {@code node} announced new tags or services, or a graceful logout. */
  default void onUpdated(NodeInfo node) {}
}
