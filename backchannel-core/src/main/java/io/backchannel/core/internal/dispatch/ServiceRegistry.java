package io.backchannel.core.internal.dispatch;

import io.backchannel.core.internal.service.MethodDescriptor;
import io.backchannel.core.internal.service.ServiceDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** The services a peer exports, by route. Thread-safe; exports may happen while calls run. */
public final class ServiceRegistry {
  /**
   * An exported method and the object that implements it.
   *
   * @param inline whether the method runs on the I/O thread ({@link InlineHandlers})
   */
  record Endpoint(MethodDescriptor method, Object target, boolean inline) {}

  private final Map<String, Endpoint> routes = new ConcurrentHashMap<>();
  private final List<String> services = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Exports {@code implementation} as {@code type}.
   *
   * @throws IllegalArgumentException if the interface is invalid or a route is already exported
   */
  public synchronized <T> void export(Class<T> type, T implementation) {
    ServiceDescriptor service = ServiceDescriptor.of(type);
    if (!type.isInstance(implementation)) {
      throw new IllegalArgumentException(implementation.getClass().getName() + " does not implement " + type.getName());
    }
    List<Endpoint> endpoints = new ArrayList<>();
    for (MethodDescriptor method : service.methods()) {
      endpoints.add(new Endpoint(method, implementation, InlineHandlers.runsInline(method, implementation)));
    }
    List<String> clashes = new ArrayList<>();
    for (MethodDescriptor method : service.methods()) {
      if (routes.containsKey(method.route())) {
        clashes.add(method.route());
      }
    }
    if (!clashes.isEmpty()) {
      throw new IllegalArgumentException("cannot export " + type.getName() + ": route(s) already exported " + clashes);
    }
    for (Endpoint endpoint : endpoints) {
      routes.put(endpoint.method().route(), endpoint);
    }
    services.add(service.name());
  }

  @Nullable Endpoint endpoint(String route) {
    return routes.get(route);
  }

  /** The names of the exported services, in export order. */
  public List<String> serviceNames() {
    return List.copyOf(services);
  }
}
