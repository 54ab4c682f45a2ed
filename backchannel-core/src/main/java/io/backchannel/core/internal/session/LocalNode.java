package io.backchannel.core.internal.session;

import io.backchannel.core.auth.Principal;
import io.backchannel.core.internal.dispatch.ServiceRegistry;
import io.backchannel.core.internal.wire.Hello;
import io.backchannel.core.node.NodeInfo;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** This node as it presents itself: its identity, its current tags and the services it exports. */
public final class LocalNode {
  /** The Backchannel version a node announces. */
  public static final String VERSION = "0.1";

  private final String nodeId;
  private final @Nullable String claimedTenant;
  private final String role;
  private final ServiceRegistry services;
  private volatile Map<String, String> tags;

  public LocalNode(String nodeId, @Nullable String claimedTenant, String role, Map<String, String> tags,
      ServiceRegistry services) {
    this.nodeId = nodeId;
    this.claimedTenant = claimedTenant;
    this.role = role;
    this.tags = Map.copyOf(tags);
    this.services = services;
  }

  public String nodeId() {
    return nodeId;
  }

  /** The tenant this node claims in SETUP; null lets its credential decide. */
  public @Nullable String claimedTenant() {
    return claimedTenant;
  }

  public ServiceRegistry services() {
    return services;
  }

  public void tags(Map<String, String> newTags) {
    this.tags = Map.copyOf(newTags);
  }

  public Map<String, String> tags() {
    return tags;
  }

  public NodeInfo info() {
    String tenant = claimedTenant == null ? Principal.DEFAULT_TENANT : claimedTenant;
    return new NodeInfo(nodeId, tenant, role, tags, services.serviceNames(), VERSION);
  }

  public Hello hello() {
    return new Hello(nodeId, claimedTenant, role, tags, services.serviceNames(), VERSION);
  }

  @Override
  public String toString() {
    return "node " + nodeId;
  }
}
