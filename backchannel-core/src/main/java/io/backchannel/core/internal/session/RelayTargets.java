package io.backchannel.core.internal.session;

import io.backchannel.core.internal.metrics.PeerMetrics;
import io.backchannel.core.internal.wire.ErrorMapping;
import io.backchannel.core.internal.wire.ErrorStatus;
import io.backchannel.core.internal.dispatch.RelayBuffer;
import io.backchannel.core.internal.dispatch.RelayDestination;
import io.backchannel.core.internal.wire.Origin;
import org.jspecify.annotations.Nullable;

/** A hub's side of relaying: which connection a relayed call goes to, if the caller may reach it. */
public final class RelayTargets {
  private final SessionRegistry registry;
  private final PeerMetrics metrics;
  private final long relayBufferBytes;
  private final @Nullable RemoteRelays cluster;

  /**
   * @param relayBufferBytes how many relayed bytes may queue for one connection
   * @param cluster the nodes other consoles hold, for a console of a cluster that relays between consoles
   */
  public RelayTargets(SessionRegistry registry, PeerMetrics metrics, long relayBufferBytes,
      @Nullable RemoteRelays cluster) {
    this.registry = registry;
    this.metrics = metrics;
    this.relayBufferBytes = relayBufferBytes;
    this.cluster = cluster;
  }

  /** The bound on what is relayed to one new connection. */
  RelayBuffer newBuffer() {
    return new RelayBuffer(relayBufferBytes);
  }

  /**
   * The connection of {@code destination} for a call {@code caller} sent for {@code origin}: the
   * node's own, or else, in a cluster, that of the console holding it. A call a fellow console
   * relayed here is never relayed to a third one. The error is the same whether the node does not
   * exist or belongs to a tenant the caller may not reach.
   */
  RelayDestination target(Session caller, Origin origin, String destination) {
    Session target = registry.session(destination);
    if (target != null) {
      if (target.isDraining() || !TenantPolicy.mayRelay(origin, target.remote())) {
        throw noRoute("relay", destination);
      }
      metrics.routed("relay", true);
      return target;
    }
    RelayDestination hop = cluster == null || caller.isConsole() ? null : cluster.hop(origin, destination);
    if (hop == null) {
      throw noRoute(cluster == null ? "relay" : "cluster_relay", destination);
    }
    metrics.routed("cluster_relay", true);
    return hop;
  }

  private RuntimeException noRoute(String strategy, String destination) {
    metrics.routed(strategy, false);
    return ErrorMapping.invalid(ErrorStatus.NO_ROUTE, "no route to node '" + destination + "'", null);
  }
}
