package io.backchannel.spring.boot.internal.clients;

import io.backchannel.spring.boot.BackchannelClient;
import io.backchannel.spring.boot.BackchannelProperties;
import io.backchannel.spring.boot.TargetStrategy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Where an injected proxy's calls go: from {@code backchannel.clients.<service>} or a {@link BackchannelClient}. */
record ClientSpec(TargetStrategy strategy, @Nullable String nodeId, @Nullable String tenant, @Nullable String service,
    Map<String, String> tags, @Nullable String key) {
  static final ClientSpec DEFAULT = new ClientSpec(TargetStrategy.DEFAULT, null, null, null, Map.of(), null);

  ClientSpec {
    tags = Map.copyOf(tags);
  }

  static ClientSpec of(BackchannelProperties.Client client) {
    return new ClientSpec(client.getStrategy(), client.getNodeId(), client.getTenant(), client.getService(),
        client.getTags(), client.getKey());
  }

  static ClientSpec of(BackchannelClient annotation) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (String tag : annotation.tags()) {
      int equals = tag.indexOf('=');
      if (equals < 1) {
        throw new IllegalArgumentException("@BackchannelClient tag '" + tag + "' must be key=value");
      }
      tags.put(tag.substring(0, equals), tag.substring(equals + 1));
    }
    return new ClientSpec(annotation.strategy(), blankToNull(annotation.nodeId()), blankToNull(annotation.tenant()),
        blankToNull(annotation.service()), tags, blankToNull(annotation.key()));
  }

  /** Whether nothing but the default strategy is given, so that configuration decides. */
  boolean isDefault() {
    return equals(DEFAULT);
  }

  private static @Nullable String blankToNull(String value) {
    return value.isBlank() ? null : value;
  }
}
