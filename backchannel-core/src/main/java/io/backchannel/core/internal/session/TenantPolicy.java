package io.backchannel.core.internal.session;

import io.backchannel.core.internal.wire.Origin;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeSelector;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one tenant-visibility rule, used wherever a node reaches or lists another: a node sees the
 * nodes of its own tenant, and a node whose authenticated role is cross-tenant sees every node. A
 * fellow console of a cluster (the console role) is cross-tenant, as this console is.
 */
public final class TenantPolicy {
  private final Set<String> crossTenantRoles;
  private final @Nullable String consoleRole;

  /** @param consoleRole the authenticated role of the other consoles of this console's cluster, if any */
  public TenantPolicy(Set<String> crossTenantRoles, @Nullable String consoleRole) {
    this.crossTenantRoles = Set.copyOf(crossTenantRoles);
    this.consoleRole = consoleRole;
  }

  /** Whether nodes authenticated with {@code role} may reach every tenant. */
  public boolean isCrossTenant(String role) {
    return crossTenantRoles.contains(role) || isConsole(role);
  }

  /**
   * Whether nodes authenticated with {@code role} are fellow consoles, which vouch for the callers
   * they relay for as this console does for its own.
   */
  public boolean isConsole(String role) {
    return role.equals(consoleRole);
  }

  /** Whether a call {@code origin} made may be relayed to {@code to}: the rule of {@link #mayReach}, for a vouched origin. */
  public static boolean mayRelay(Origin origin, NodeInfo to) {
    return origin.crossTenant() || origin.tenant().equals(to.tenant());
  }

  /** Whether {@code from} may call or see {@code to}. */
  public boolean mayReach(NodeInfo from, NodeInfo to) {
    return from.tenant().equals(to.tenant()) || isCrossTenant(from.role());
  }

  /**
   * {@code selector} narrowed to what {@code who} may see, or null if it asks for another tenant
   * that {@code who} may not see.
   */
  public @Nullable NodeSelector visibleTo(NodeInfo who, NodeSelector selector) {
    if (isCrossTenant(who.role())) {
      return selector;
    }
    if (selector.tenant() != null && !selector.tenant().equals(who.tenant())) {
      return null;
    }
    return selector.withTenant(who.tenant());
  }

  /**
   * Whether a node of {@code ownTenant} serves a call its hub relayed for {@code origin}: the hub
   * vouches for the origin, and the same rule applies as if the origin had called directly. A node
   * that claims no tenant leaves the decision to its hub.
   */
  public static boolean admitsRelayed(Origin origin, @Nullable String ownTenant) {
    return origin.crossTenant() || ownTenant == null || origin.tenant().equals(ownTenant);
  }
}
