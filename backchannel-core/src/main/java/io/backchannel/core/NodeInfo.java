package io.backchannel.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who a peer is, as it introduced itself in SETUP (or in the hello response).
 *
 * @param nodeId unique among the nodes a peer talks to
 * @param tenant the tenant the node belongs to, or null
 * @param tags free key/value labels
 * @param services the names of the services the node exports
 */
public record NodeInfo(String nodeId, @Nullable String tenant, Map<String, String> tags, List<String> services) {
  public NodeInfo {
    Objects.requireNonNull(nodeId, "nodeId");
    tags = Map.copyOf(tags);
    services = List.copyOf(services);
  }
}
