package io.backchannel.core;

import java.util.Objects;

/** Which connected node a proxy's calls go to. Resolved at each call, so proxies outlive reconnects. */
public sealed interface Target permits NodeTarget {

  /** The connected node with this id; a call fails with {@link io.backchannel.NoRouteException} while there is none. */
  static Target node(String nodeId) {
    return new NodeTarget(Objects.requireNonNull(nodeId, "nodeId"));
  }
}

record NodeTarget(String nodeId) implements Target {}
