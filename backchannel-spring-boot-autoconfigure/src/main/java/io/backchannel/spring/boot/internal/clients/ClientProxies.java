package io.backchannel.spring.boot.internal.clients;

import io.backchannel.RemoteService;
import io.backchannel.core.Peer;
import io.backchannel.core.node.NodeSelector;
import io.backchannel.core.node.Target;
import io.backchannel.spring.boot.BackchannelProperties;
import io.backchannel.spring.boot.TargetStrategy;
import io.backchannel.spring.boot.internal.lifecycle.PeerLifecycle;
import io.backchannel.spring.boot.internal.peer.ConnectUris;
import java.util.Map;

/**
 * Makes the proxies the starter injects: each {@link TargetStrategy} becomes the core {@link
 * Target} of the same name, and {@link TargetStrategy#LINK} a proxy that follows the dialed link.
 * Thread-safe.
 */
public final class ClientProxies {
  private final Peer peer;
  private final PeerLifecycle lifecycle;
  private final BackchannelProperties properties;

  public ClientProxies(Peer peer, PeerLifecycle lifecycle, BackchannelProperties properties) {
    this.peer = peer;
    this.lifecycle = lifecycle;
    this.properties = properties;
  }

  /** A proxy of {@code type} whose target {@code backchannel.clients.<service>} gives, else the default. */
  public <T> T configured(Class<T> type) {
    return create(type, ClientSpec.DEFAULT);
  }

  /** A proxy of {@code type} whose target {@code spec} gives, or configuration if {@code spec} is the default. */
  <T> T create(Class<T> type, ClientSpec spec) {
    if (spec.isDefault()) {
      BackchannelProperties.Client client = properties.getClients().get(serviceName(type));
      if (client != null) {
        spec = ClientSpec.of(client);
      }
    }
    String service = serviceName(type);
    TargetStrategy strategy = spec.strategy();
    if (strategy == TargetStrategy.DEFAULT) {
      strategy = !ConnectUris.of(properties.getConnect()).isEmpty() ? TargetStrategy.LINK : TargetStrategy.LEAST_LOADED;
    }
    return switch (strategy) {
      case LINK -> LinkFollowingProxy.create(type, lifecycle);
      case NODE -> peer.proxy(type, nodeTarget(service, spec));
      case LEAST_LOADED -> peer.proxy(type, Target.leastLoaded(selector(service, spec)));
      case ROUND_ROBIN -> peer.proxy(type, Target.roundRobin(selector(service, spec)));
      case STICKY -> peer.proxy(type, Target.sticky(required(spec.key(), "key", service, strategy), selector(service, spec)));
      case DEFAULT -> throw new AssertionError(strategy);
    };
  }

  private static Target nodeTarget(String service, ClientSpec spec) {
    String nodeId = required(spec.nodeId(), "node-id", service, TargetStrategy.NODE);
    return spec.tenant() != null ? Target.node(spec.tenant(), nodeId) : Target.node(nodeId);
  }

  private static NodeSelector selector(String service, ClientSpec spec) {
    NodeSelector selector = NodeSelector.service(spec.service() != null ? spec.service() : service);
    if (spec.tenant() != null) {
      selector = selector.withTenant(spec.tenant());
    }
    for (Map.Entry<String, String> tag : spec.tags().entrySet()) {
      selector = selector.withTag(tag.getKey(), tag.getValue());
    }
    return selector;
  }

  private static String required(@org.jspecify.annotations.Nullable String value, String name, String service,
      TargetStrategy strategy) {
    if (value == null) {
      throw new IllegalArgumentException("the " + strategy.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
          + " target of service " + service + " needs a " + name
          + " (backchannel.clients." + service + "." + name + " or @BackchannelClient)");
    }
    return value;
  }

  /** The service name of {@code type}, as {@code @RemoteService} gives it. */
  static String serviceName(Class<?> type) {
    RemoteService remote = type.getAnnotation(RemoteService.class);
    if (remote == null) {
      throw new IllegalArgumentException(type.getName() + " is not annotated @RemoteService");
    }
    return remote.value().isEmpty() ? type.getSimpleName() : remote.value();
  }
}
