package io.backchannel.core.node;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A node as its peers know it: the identity it authenticated with and what it announced.
 *
 * @param nodeId unique among the nodes of a hub
 * @param tenant the tenant it belongs to ({@code "default"} if none)
 * @param role its role, which may grant calls across tenants on a hub
 * @param tags free key/value labels, used by selectors
 * @param services the names of the services it exports
 * @param version the Backchannel version it runs, if it said
 * @param console in a console cluster, the console that holds this node's session when it is not
 *     the peer that lists it ({@code docs/cluster.md}); null for a node connected to that peer
 */
public record NodeInfo(
    String nodeId, String tenant, String role, Map<String, String> tags, List<String> services, @Nullable String version,
    @Nullable String console) {
  public NodeInfo {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(role, "role");
    tags = Map.copyOf(tags);
    services = List.copyOf(services);
  }

  /** A node connected to the peer that lists it. */
  public NodeInfo(
      String nodeId, String tenant, String role, Map<String, String> tags, List<String> services, @Nullable String version) {
    this(nodeId, tenant, role, tags, services, version, null);
  }

  /** This node as listed by a cluster console that does not hold it: held by {@code console}. */
  public NodeInfo heldBy(String console) {
    return new NodeInfo(nodeId, tenant, role, tags, services, version, Objects.requireNonNull(console, "console"));
  }
}
