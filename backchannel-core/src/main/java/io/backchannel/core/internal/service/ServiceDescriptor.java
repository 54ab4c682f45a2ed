package io.backchannel.core.internal.service;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** A validated {@code @RemoteService} interface: its name and its methods by route. */
public final class ServiceDescriptor {
  private static final ConcurrentHashMap<Class<?>, ServiceDescriptor> CACHE = new ConcurrentHashMap<>();

  private final Class<?> type;
  private final String name;
  private final Map<String, MethodDescriptor> byRoute;
  private final Map<Method, MethodDescriptor> byMethod;

  ServiceDescriptor(Class<?> type, String name, Map<String, MethodDescriptor> byRoute, Map<Method, MethodDescriptor> byMethod) {
    this.type = type;
    this.name = name;
    this.byRoute = Map.copyOf(byRoute);
    this.byMethod = Map.copyOf(byMethod);
  }

  /**
   * The descriptor of {@code type}, validated on first use.
   *
   * @throws IllegalArgumentException naming the offending method if the interface cannot be
   *     called remotely
   */
  public static ServiceDescriptor of(Class<?> type) {
    ServiceDescriptor cached = CACHE.get(type);
    return cached != null ? cached : CACHE.computeIfAbsent(type, ServiceIntrospector::describe);
  }

  public Class<?> type() {
    return type;
  }

  public String name() {
    return name;
  }

  public Collection<MethodDescriptor> methods() {
    return byRoute.values();
  }

  public @Nullable MethodDescriptor method(Method method) {
    return byMethod.get(method);
  }
}
