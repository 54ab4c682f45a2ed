package io.backchannel.core.node;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which nodes a routing decision, broadcast or listing considers: all conditions must hold.
 * Immutable; each {@code with} method returns a narrower selector.
 *
 * <p>A peer's routing and broadcasts ({@code Target} selectors, {@code Peer.broadcast}) never
 * cross tenants by accident: a selector that names no tenant matches only the nodes this peer
 * admitted of its own tenant ({@code PeerBuilder.tenant}, else {@code "default"}), plus the nodes
 * it dialed itself. A hub that serves many tenants names one with {@link #withTenant}, or every
 * tenant deliberately with {@link #anyTenant}.
 *
 * @param tenant only nodes of this tenant, or (if null) see above
 * @param service only nodes exporting this service, or any if null
 * @param tags only nodes carrying all these labels
 * @param allTenants whether a selector without a tenant deliberately means every tenant
 */
public record NodeSelector(@Nullable String tenant, @Nullable String service, Map<String, String> tags,
    boolean allTenants) {
  private static final NodeSelector ANY = new NodeSelector(null, null, Map.of(), false);

  public NodeSelector {
    tags = Map.copyOf(tags);
    if (tenant != null) {
      allTenants = false;
    }
  }

  public NodeSelector(@Nullable String tenant, @Nullable String service, Map<String, String> tags) {
    this(tenant, service, tags, false);
  }

  /** Every node of every tenant, deliberately: for a hub's routing or broadcast across tenants. */
  public static NodeSelector anyTenant() {
    return ANY.acrossTenants();
  }

  /** This selector over every tenant (drops any tenant it named). */
  public NodeSelector acrossTenants() {
    return new NodeSelector(null, service, tags, true);
  }

  /** Every node (of this peer's own tenant when routing: see the class comment). */
  public static NodeSelector any() {
    return ANY;
  }

  /** Nodes exporting {@code service} (a {@code @RemoteService} name). */
  public static NodeSelector service(String service) {
    return ANY.withService(service);
  }

  public NodeSelector withTenant(String tenant) {
    return new NodeSelector(Objects.requireNonNull(tenant, "tenant"), service, tags, false);
  }

  public NodeSelector withService(String service) {
    return new NodeSelector(tenant, Objects.requireNonNull(service, "service"), tags, allTenants);
  }

  public NodeSelector withTag(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(tags);
    more.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new NodeSelector(tenant, service, more, allTenants);
  }

  /** Whether {@code node} satisfies every condition. */
  public boolean matches(NodeInfo node) {
    if (tenant != null && !tenant.equals(node.tenant())) {
      return false;
    }
    if (service != null && !node.services().contains(service)) {
      return false;
    }
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      if (!tag.getValue().equals(node.tags().get(tag.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
