package io.backchannel.core.internal.session;

/**
 * The node ids held beyond this peer's own sessions: in a console cluster, by the live entries of
 * the other consoles. A new session is refused when a node of another tenant holds its id here
 * or there, so one node id belongs to one tenant across the cluster.
 */
@FunctionalInterface
public interface RemoteNodeIds {
  /** A peer outside a cluster: nothing is held elsewhere. */
  RemoteNodeIds NONE = (nodeId, tenant) -> false;

  /** Whether a live node of a tenant other than {@code tenant} holds {@code nodeId} elsewhere. Any thread. */
  boolean heldByOtherTenant(String nodeId, String tenant);
}
