package io.backchannel.core.auth;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An authenticated node: the identity every later decision (registry, tenant isolation, routing)
 * uses.
 *
 * @param expiresAt when the credential that proved this identity stops being accepted, if it
 *     does (for a token, {@code exp} plus the verifier's clock skew): the listening peer closes
 *     the node's session then (and a dialer, the connection to a listener
 *     it verified by certificate)
 */
public record Principal(String nodeId, String tenant, String role, @Nullable Instant expiresAt) {
  /** The tenant of nodes that name none. */
  public static final String DEFAULT_TENANT = "default";
  /** The role of nodes that name none. */
  public static final String DEFAULT_ROLE = "node";

  public Principal {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(role, "role");
  }

  /** An identity whose credential does not expire (or whose expiry the authenticator does not know). */
  public Principal(String nodeId, String tenant, String role) {
    this(nodeId, tenant, role, null);
  }

  /** Whether {@code other} names the same node, tenant and role (expiry aside). */
  public boolean sameIdentity(Principal other) {
    return nodeId.equals(other.nodeId) && tenant.equals(other.tenant) && role.equals(other.role);
  }
}
