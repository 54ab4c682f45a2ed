package io.backchannel.core.node;

import java.util.List;

/**
 * The nodes connected to this peer right now, whichever side dialed; draining nodes (which
 * announced a graceful logout) are listed but receive no new routed calls. Thread-safe.
 *
 * <p>Duplicate node ids: a node that connects with the id of a connected node of the same tenant
 * replaces it; the older connection is closed (its in-flight calls fail with {@link
 * io.backchannel.ConnectionLostException}). A node of another tenant is refused instead.
 *
 * <p>In a console cluster ({@code PeerBuilder.cluster}) a console's registry also lists the live
 * nodes the other consoles hold, each once and marked with its holder ({@link NodeInfo#console()}),
 * and calls reach only nodes connected to it. Its listeners hear of those nodes too: {@code
 * onOnline} when one is first listed, {@code onUpdated} when its listing changes (tags, services, a
 * graceful logout, or a move to another console: the new {@code console()}), {@code onOffline}
 * when it is no longer listed (withdrawn, or its console stopped heartbeating). A node connected
 * here hides its listing by other consoles: while it is connected only its own events are told,
 * and if it disconnects while another console still holds it, {@code onOffline} is followed by
 * {@code onOnline} at that console. Changes of another console's node that arrive faster than the
 * listeners take them are told as one, with the latest listing. A node id is held by one tenant
 * across the cluster: a node is refused a console while another console's live node of another
 * tenant holds its id.
 */
public interface Registry {

  /** The connected nodes matching {@code selector}, in no particular order. */
  List<NodeInfo> nodes(NodeSelector selector);

  /** Every connected node. */
  default List<NodeInfo> nodes() {
    return nodes(NodeSelector.any());
  }

  /** Whether {@code nodeId} is connected and announced a graceful logout. */
  boolean isDraining(String nodeId);

  /**
   * Tells {@code listener} about nodes coming, going and changing from now on. Events are
   * delivered one at a time, in the order the changes happened, on a thread of the peer's executor
   * (a virtual thread by default), never while the registry holds a lock.
   */
  void addListener(RegistryListener listener);

  void removeListener(RegistryListener listener);
}
