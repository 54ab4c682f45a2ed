package io.backchannel.spring.boot;

/**
 * How an injected proxy picks the node each call goes to; each maps onto one {@link
 * io.backchannel.core.node.Target} (or onto the dialed link).
 */
public enum TargetStrategy {
  /** {@link #LINK} when {@code backchannel.connect.uri} (or {@code uris}) is set, else {@link #LEAST_LOADED}. */
  DEFAULT,
  /** Over the connection {@code backchannel.connect.uri} (or {@code uris}) keeps up, following its reconnects ({@code Link.proxy}). */
  LINK,
  /** The node named by {@code node-id} ({@code Target.node}), of {@code tenant} if given. */
  NODE,
  /** The less loaded of two matching nodes ({@code Target.leastLoaded}). */
  LEAST_LOADED,
  /** Matching nodes in turn ({@code Target.roundRobin}). */
  ROUND_ROBIN,
  /** The same matching node for the same {@code key} while it stays connected ({@code Target.sticky}). */
  STICKY
}
