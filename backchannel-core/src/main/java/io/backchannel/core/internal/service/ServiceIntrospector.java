package io.backchannel.core.internal.service;

import io.backchannel.FireAndForget;
import io.backchannel.RemoteService;
import io.backchannel.Route;
import io.backchannel.Timeout;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads and validates a {@code @RemoteService} interface. */
final class ServiceIntrospector {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-]+(\\.[A-Za-z0-9_\\-]+)*");

  private ServiceIntrospector() {}

  static ServiceDescriptor describe(Class<?> type) {
    if (!type.isInterface()) {
      throw new IllegalArgumentException(type.getName() + " is not an interface; remote services are interfaces");
    }
    RemoteService service = type.getAnnotation(RemoteService.class);
    if (service == null) {
      throw new IllegalArgumentException(type.getName() + " is not annotated @RemoteService");
    }
    if (type.getTypeParameters().length > 0) {
      throw new IllegalArgumentException(type.getName() + " is generic; remote service interfaces cannot have type parameters");
    }
    String name = service.value().isEmpty() ? type.getSimpleName() : service.value();
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("service name '" + name + "' of " + type.getName() + " must match " + NAME);
    }
    @Nullable Duration serviceTimeout = timeout(type.getAnnotation(Timeout.class), type.getName());

    Map<String, List<Method>> byName = new HashMap<>();
    for (Method method : type.getMethods()) {
      if (isRemote(method) && !method.isAnnotationPresent(Route.class)) {
        byName.computeIfAbsent(method.getName(), n -> new ArrayList<>()).add(method);
      }
    }
    Map<String, MethodDescriptor> byRoute = new HashMap<>();
    Map<Method, MethodDescriptor> byMethod = new HashMap<>();
    for (Method method : type.getMethods()) {
      if (!isRemote(method)) {
        continue;
      }
      Route route = method.getAnnotation(Route.class);
      if (route == null && byName.getOrDefault(method.getName(), List.of()).size() > 1) {
        throw new IllegalArgumentException(
            describe(method) + " is overloaded; give all overloads but one a distinct @Route so calls can be routed");
      }
      String segment = route == null ? method.getName() : route.value();
      if (!NAME.matcher(segment).matches() || segment.contains(".")) {
        throw new IllegalArgumentException("route '" + segment + "' of " + describe(method) + " must be letters, digits, '_' or '-'");
      }
      String fullRoute = name + "." + segment;
      if (fullRoute.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
        throw new IllegalArgumentException("route '" + fullRoute + "' of " + describe(method)
            + " is longer than the 255 bytes a routing tag can hold");
      }
      MethodDescriptor descriptor = describe(method, fullRoute, serviceTimeout);
      MethodDescriptor clash = byRoute.putIfAbsent(fullRoute, descriptor);
      if (clash != null) {
        throw new IllegalArgumentException(
            "duplicate route '" + fullRoute + "': " + describe(clash.method()) + " and " + describe(method));
      }
      byMethod.put(method, descriptor);
    }
    return new ServiceDescriptor(type, name, byRoute, byMethod);
  }

  private static boolean isRemote(Method method) {
    return Modifier.isAbstract(method.getModifiers()) && !Modifier.isStatic(method.getModifiers());
  }

  private static MethodDescriptor describe(Method method, String route, @Nullable Duration serviceTimeout) {
    if (method.getTypeParameters().length > 0) {
      throw unsupported(method, "generic methods cannot be decoded; use concrete types");
    }
    Type[] parameters = method.getGenericParameterTypes();
    int channel = -1;
    Type channelItem = null;
    List<Type> requestTypes = new ArrayList<>();
    for (int i = 0; i < parameters.length; i++) {
      Class<?> raw = raw(parameters[i]);
      if (raw == Flux.class) {
        if (channel >= 0) {
          throw unsupported(method, "at most one Flux parameter is allowed (it becomes the request-channel)");
        }
        channel = i;
        channelItem = elementType(method, parameters[i]);
      } else if (raw == Mono.class || raw == CompletableFuture.class) {
        throw unsupported(method, "parameter " + i + " is a " + raw.getSimpleName() + "; only Flux parameters are streamed");
      } else {
        requestTypes.add(concrete(method, parameters[i]));
      }
    }

    Type returned = method.getGenericReturnType();
    Class<?> rawReturn = raw(returned);
    boolean fireAndForget = method.isAnnotationPresent(FireAndForget.class);
    CallStyle style;
    Type result;
    if (fireAndForget) {
      if (rawReturn != void.class) {
        throw unsupported(method, "@FireAndForget methods must return void");
      }
      style = CallStyle.FIRE_AND_FORGET;
      result = void.class;
    } else if (rawReturn == Flux.class) {
      style = channel >= 0 ? CallStyle.CHANNEL : CallStyle.STREAM;
      result = elementType(method, returned);
    } else if (rawReturn == Mono.class) {
      style = CallStyle.MONO;
      result = elementType(method, returned);
    } else if (rawReturn == CompletableFuture.class) {
      style = CallStyle.FUTURE;
      result = elementType(method, returned);
    } else if (java.util.concurrent.Future.class.isAssignableFrom(rawReturn)
        || java.util.concurrent.CompletionStage.class.isAssignableFrom(rawReturn)
        || org.reactivestreams.Publisher.class.isAssignableFrom(rawReturn)) {
      throw unsupported(method, "return type " + rawReturn.getSimpleName() + " is not supported; use CompletableFuture, Mono or Flux");
    } else {
      style = CallStyle.BLOCKING;
      result = rawReturn == void.class ? void.class : concrete(method, returned);
    }
    if (channel >= 0 && style != CallStyle.CHANNEL) {
      throw unsupported(method, "a Flux parameter (request-channel) requires a Flux return type");
    }
    @Nullable Duration timeout = timeout(method.getAnnotation(Timeout.class), describe(method));
    return new MethodDescriptor(
        method,
        route,
        style,
        requestTypes.toArray(Type[]::new),
        channel,
        channelItem,
        result,
        timeout != null ? timeout : serviceTimeout,
        List.of(method.getExceptionTypes()));
  }

  private static @Nullable Duration timeout(@Nullable Timeout timeout, String where) {
    if (timeout == null) {
      return null;
    }
    if (timeout.value() <= 0) {
      throw new IllegalArgumentException("@Timeout on " + where + " must be positive, was " + timeout.value());
    }
    return Duration.of(timeout.value(), timeout.unit().toChronoUnit());
  }

  private static Type elementType(Method method, Type container) {
    if (!(container instanceof ParameterizedType parameterized)) {
      throw unsupported(method, "raw " + raw(container).getSimpleName() + " has no element type; declare e.g. "
          + raw(container).getSimpleName() + "<String>");
    }
    Type element = parameterized.getActualTypeArguments()[0];
    if (element instanceof WildcardType wildcard && wildcard.getLowerBounds().length == 0
        && wildcard.getUpperBounds().length == 1) {
      element = wildcard.getUpperBounds()[0];
    }
    return element == Void.class ? void.class : concrete(method, element);
  }

  private static Type concrete(Method method, Type type) {
    if (type instanceof TypeVariable<?> || type instanceof WildcardType) {
      throw unsupported(method, "type " + type.getTypeName() + " is not concrete and cannot be decoded");
    }
    if (type instanceof ParameterizedType parameterized) {
      for (Type argument : parameterized.getActualTypeArguments()) {
        if (argument instanceof TypeVariable<?>) {
          throw unsupported(method, "type " + type.getTypeName() + " is not concrete and cannot be decoded");
        }
      }
    }
    return type;
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  private static IllegalArgumentException unsupported(Method method, String why) {
    return new IllegalArgumentException("unsupported remote method " + describe(method) + ": " + why);
  }

  static String describe(Method method) {
    return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "("
        + String.join(", ", java.util.Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).toList()) + ")";
  }
}
