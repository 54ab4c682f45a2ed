package io.backchannel.core.internal.cluster;

import io.backchannel.core.cluster.ClusterEntry;
import io.backchannel.core.internal.dispatch.RelayDestination;
import io.backchannel.core.internal.routing.RelayedTarget;
import io.backchannel.core.internal.routing.RemoteNodes;
import io.backchannel.core.internal.session.LoadStats;
import io.backchannel.core.internal.session.RemoteRelays;
import io.backchannel.core.internal.session.Session;
import io.backchannel.core.internal.session.TenantPolicy;
import io.backchannel.core.internal.wire.Origin;
import io.backchannel.core.node.NodeSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * How calls from this console reach the nodes other consoles hold: through this console's link to
 * the holder named by the listed entry. The store only says where a node is; whether a caller may
 * reach it is the tenant rule, applied here to the caller this console authenticated and again by
 * the holder.
 */
public final class ClusterRoutes implements RemoteNodes, RemoteRelays {
  private final ClusterView view;
  private final ConsoleLinks links;
  // This console's calls to each remote node, for least-loaded routing; pruned to the listed nodes.
  private final Map<NodeKey, LoadStats> loads = new ConcurrentHashMap<>();

  ClusterRoutes(ClusterView view, ConsoleLinks links) {
    this.view = view;
    this.links = links;
  }

  @Override
  public @Nullable Remote locate(@Nullable String tenant, String nodeId) {
    ClusterEntry entry = view.locate(tenant, nodeId);
    if (entry == null) {
      return null;
    }
    Session link = links.session(entry.console());
    return link == null ? null : remote(entry, link);
  }

  @Override
  public List<Remote> matching(NodeSelector selector) {
    List<Remote> result = new ArrayList<>();
    for (ClusterEntry entry : view.listed(selector)) {
      Session link = entry.draining() ? null : links.session(entry.console());
      if (link != null) {
        result.add(remote(entry, link));
      }
    }
    return result;
  }

  @Override
  public @Nullable RelayDestination hop(Origin origin, String nodeId) {
    ClusterEntry entry = view.locate(origin.crossTenant() ? null : origin.tenant(), nodeId);
    if (entry == null || entry.draining() || !TenantPolicy.mayRelay(origin, entry.node())) {
      return null;
    }
    Session link = links.session(entry.console());
    return link == null ? null : new RelayedTarget(link, nodeId);
  }

  private Remote remote(ClusterEntry entry, Session link) {
    NodeKey key = new NodeKey(entry.node().tenant(), entry.node().nodeId());
    LoadStats load = loads.get(key);
    if (load == null) {
      load = loads.size() < ClusterMember.MAX_REMOTE_ENTRIES ? loads.computeIfAbsent(key, k -> new LoadStats())
          : new LoadStats();
    }
    load.reported(entry.inFlight(), 0, 0);
    return new Remote(entry.node().heldBy(entry.console()), load.cost(), entry.draining(),
        new RelayedTarget(link, entry.node().nodeId(), load));
  }

  /** Forgets the load of nodes no longer listed. */
  void prune() {
    loads.keySet().removeIf(key -> view.locate(key.tenant(), key.nodeId()) == null);
  }
}
