package io.backchannel.core.node;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which node a proxy's calls go to, decided at each call among the nodes connected to this peer,
 * so proxies outlive reconnects. No eligible node fails the call at once with {@link
 * io.backchannel.NoRouteException}. Draining nodes are never chosen. Immutable.
 */
public sealed interface Target permits Target.Node, Target.Selected {

  /**
   * The node with this id, of this peer's own tenant ({@code PeerBuilder.tenant}, else {@code
   * default}) or one this peer dialed, as for a selector that names no tenant; a hub calling a
   * node of another tenant names it with {@link #node(String, String)}. If this peer has no
   * connection to it but dialed a hub, the call is relayed through the hub, which enforces tenant
   * isolation.
   */
  static Target node(String nodeId) {
    return new Node(nodeId, null);
  }

  /**
   * The node with this id, only if it belongs to {@code tenant}: a hub serving many tenants names
   * the tenant, so that an id another tenant holds (while the rightful node is offline) is never
   * called by mistake.
   */
  static Target node(String tenant, String nodeId) {
    return new Node(nodeId, Objects.requireNonNull(tenant, "tenant"));
  }

  /** The same matching node for the same {@code key} while it stays connected (rendezvous hashing). */
  static Target sticky(String key, NodeSelector selector) {
    return new Selected(Strategy.STICKY, selector, Objects.requireNonNull(key, "key"));
  }

  /** Matching nodes in turn. */
  static Target roundRobin(NodeSelector selector) {
    return new Selected(Strategy.ROUND_ROBIN, selector, null);
  }

  /**
   * The less loaded of two random matching nodes, by their reported load, this peer's calls in
   * flight to them and their recent latency (power of two choices).
   */
  static Target leastLoaded(NodeSelector selector) {
    return new Selected(Strategy.LEAST_LOADED, selector, null);
  }

  /** How a {@link Selected} target picks among matching nodes. */
  enum Strategy {
    STICKY,
    ROUND_ROBIN,
    LEAST_LOADED
  }

  /**
   * One node, by id: see {@link #node}.
   *
   * @param tenant the tenant it must belong to, or null for this peer's own (or a node it dialed)
   */
  record Node(String nodeId, @Nullable String tenant) implements Target {
    public Node {
      Objects.requireNonNull(nodeId, "nodeId");
    }
  }

  /**
   * One of the nodes matching {@code selector}: see {@link #sticky}, {@link #roundRobin} and
   * {@link #leastLoaded}.
   *
   * @param key the sticky key; only and always set for {@link Strategy#STICKY}
   */
  record Selected(Strategy strategy, NodeSelector selector, @Nullable String key) implements Target {
    public Selected {
      Objects.requireNonNull(strategy, "strategy");
      Objects.requireNonNull(selector, "selector");
      if ((strategy == Strategy.STICKY) != (key != null)) {
        throw new IllegalArgumentException("a sticky target needs a key and only a sticky target takes one");
      }
    }
  }
}
