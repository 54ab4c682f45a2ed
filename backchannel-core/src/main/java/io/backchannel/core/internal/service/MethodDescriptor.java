package io.backchannel.core.internal.service;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One remote method.
 *
 * @param route the full route, {@code service.method}
 * @param argumentTypes the types of the arguments sent in the first payload (all parameters
 *     but a channel's {@code Flux} one)
 * @param channelParameter the index of the {@code Flux} parameter of a channel, else -1
 * @param channelItemType the element type of that {@code Flux}, else null
 * @param resultType the type of the result or of each stream item ({@code void.class} for none)
 * @param timeout the deadline from {@code @Timeout}, or null for the peer's default
 * @param declaredExceptions the exception types the method declares, the only ones a caller
 *     rethrows by name
 */
public record MethodDescriptor(
    Method method,
    String route,
    CallStyle style,
    Type[] argumentTypes,
    int channelParameter,
    @Nullable Type channelItemType,
    Type resultType,
    @Nullable Duration timeout,
    List<Class<?>> declaredExceptions) {

  /** Whether the method returns nothing to the caller. */
  public boolean returnsVoid() {
    return resultType == void.class || resultType == Void.class;
  }

  /** Splits the call's arguments into those sent in the first payload. */
  public @Nullable Object[] requestArguments(@Nullable Object[] args) {
    if (channelParameter < 0) {
      return args == null ? new Object[0] : args;
    }
    @Nullable Object[] rest = new Object[args.length - 1];
    for (int i = 0, j = 0; i < args.length; i++) {
      if (i != channelParameter) {
        rest[j++] = args[i];
      }
    }
    return rest;
  }

  /** The inverse of {@link #requestArguments}: the full argument list with the channel's flux. */
  public @Nullable Object[] invocationArguments(@Nullable Object[] requestArgs, @Nullable Object channel) {
    if (channelParameter < 0) {
      return requestArgs;
    }
    @Nullable Object[] all = new Object[requestArgs.length + 1];
    for (int i = 0, j = 0; i < all.length; i++) {
      all[i] = i == channelParameter ? channel : requestArgs[j++];
    }
    return all;
  }
}
