package io.backchannel.core.internal.session;

import io.backchannel.core.internal.metrics.PeerMetrics;
import io.backchannel.core.internal.wire.ErrorMapping;
import io.backchannel.core.internal.wire.ErrorStatus;
import io.backchannel.core.internal.dispatch.RelayBuffer;
import io.backchannel.core.internal.dispatch.RelayDestination;

/** A hub's side of relaying: which connection a relayed call goes to, if the caller may reach it. */
public final class RelayTargets {
  private final SessionRegistry registry;
  private final TenantPolicy tenants;
  private final PeerMetrics metrics;
  private final long relayBufferBytes;

  /** @param relayBufferBytes how many relayed bytes may queue for one connection */
  public RelayTargets(SessionRegistry registry, TenantPolicy tenants, PeerMetrics metrics, long relayBufferBytes) {
    this.registry = registry;
    this.tenants = tenants;
    this.metrics = metrics;
    this.relayBufferBytes = relayBufferBytes;
  }

  /** The bound on what is relayed to one new connection. */
  RelayBuffer newBuffer() {
    return new RelayBuffer(relayBufferBytes);
  }

  /**
   * The connection of {@code destination} for a call from {@code caller}. The error is
   * the same whether the node does not exist or belongs to a tenant the caller may not reach.
   */
  RelayDestination target(Session caller, String destination) {
    Session target = registry.session(destination);
    if (target == null || target.isDraining() || !tenants.mayReach(caller.remote(), target.remote())) {
      metrics.routed("relay", false);
      throw ErrorMapping.invalid(ErrorStatus.NO_ROUTE, "no route to node '" + destination + "'", null);
    }
    metrics.routed("relay", true);
    return target;
  }
}
