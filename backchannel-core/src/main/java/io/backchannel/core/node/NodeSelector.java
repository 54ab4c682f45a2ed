package io.backchannel.core.node;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which nodes a routing decision, broadcast or listing considers: all conditions must hold.
 * Immutable; each {@code with} method returns a narrower selector.
 *
 * @param tenant only nodes of this tenant, or any if null
 * @param service only nodes exporting this service, or any if null
 * @param tags only nodes carrying all these labels
 */
public record NodeSelector(@Nullable String tenant, @Nullable String service, Map<String, String> tags) {
  private static final NodeSelector ANY = new NodeSelector(null, null, Map.of());

  public NodeSelector {
    tags = Map.copyOf(tags);
  }

  /** Every node. */
  public static NodeSelector any() {
    return ANY;
  }

  /** Nodes exporting {@code service} (a {@code @RemoteService} name). */
  public static NodeSelector service(String service) {
    return ANY.withService(service);
  }

  public NodeSelector withTenant(String tenant) {
    return new NodeSelector(Objects.requireNonNull(tenant, "tenant"), service, tags);
  }

  public NodeSelector withService(String service) {
    return new NodeSelector(tenant, Objects.requireNonNull(service, "service"), tags);
  }

  public NodeSelector withTag(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(tags);
    more.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new NodeSelector(tenant, service, more);
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
