package io.backchannel.core.auth;

import java.util.Objects;

/**
 * An authenticated node: the identity every later decision (registry, tenant isolation, routing)
 * uses.
 */
public record Principal(String nodeId, String tenant, String role) {
  /** The tenant of nodes that name none. */
  public static final String DEFAULT_TENANT = "default";
  /** The role of nodes that name none. */
  public static final String DEFAULT_ROLE = "node";

  public Principal {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(role, "role");
  }
}
