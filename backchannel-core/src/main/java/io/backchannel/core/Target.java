package io.backchannel.core;

import java.util.Objects;

/**
 * Which node a proxy's calls go to, decided at each call among the nodes connected to this peer,
 * so proxies outlive reconnects. No eligible node fails the call at once with {@link
 * io.backchannel.NoRouteException}. Draining nodes are never chosen.
 */
public sealed interface Target permits NodeTarget, SelectedTarget {

  /**
   * The node with this id. If this peer has no connection to it but dialed a hub, the call is
   * relayed through the hub, which enforces tenant isolation.
   */
  static Target node(String nodeId) {
    return new NodeTarget(Objects.requireNonNull(nodeId, "nodeId"));
  }

  /** The same matching node for the same {@code key} while it stays connected (rendezvous hashing). */
  static Target sticky(String key, NodeSelector selector) {
    return new SelectedTarget(SelectedTarget.Strategy.STICKY, Objects.requireNonNull(selector, "selector"),
        Objects.requireNonNull(key, "key"));
  }

  /** Matching nodes in turn. */
  static Target roundRobin(NodeSelector selector) {
    return new SelectedTarget(SelectedTarget.Strategy.ROUND_ROBIN, Objects.requireNonNull(selector, "selector"), null);
  }

  /**
   * The less loaded of two random matching nodes, by their reported load, this peer's calls in
   * flight to them and their recent latency (power of two choices).
   */
  static Target leastLoaded(NodeSelector selector) {
    return new SelectedTarget(SelectedTarget.Strategy.LEAST_LOADED, Objects.requireNonNull(selector, "selector"), null);
  }
}

record NodeTarget(String nodeId) implements Target {}

record SelectedTarget(Strategy strategy, NodeSelector selector, @org.jspecify.annotations.Nullable String key)
    implements Target {
  enum Strategy {
    STICKY,
    ROUND_ROBIN,
    LEAST_LOADED
  }
}
