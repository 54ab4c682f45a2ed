package io.backchannel.core.internal.dispatch;

import io.backchannel.NonBlocking;
import io.backchannel.core.internal.service.CallStyle;
import io.backchannel.core.internal.service.MethodDescriptor;
import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides, once at export, which handler methods run on the I/O thread: those marked {@link
 * NonBlocking} (on the method or type, of the interface or of the implementation) that return a
 * future or a publisher. Never a guess: a method nobody marked runs on a worker thread.
 */
final class InlineHandlers {
  private static final Set<CallStyle> ASYNC = EnumSet.of(CallStyle.FUTURE, CallStyle.MONO, CallStyle.STREAM, CallStyle.CHANNEL);

  private InlineHandlers() {}

  /**
   * Whether {@code implementation}'s {@code method} runs inline.
   *
   * @throws IllegalArgumentException if a method that can block is marked non-blocking itself
   */
  static boolean runsInline(MethodDescriptor method, Object implementation) {
    Method declared = method.method();
    Method implemented = implementationOf(declared, implementation.getClass());
    boolean onMethod = declared.isAnnotationPresent(NonBlocking.class)
        || (implemented != null && implemented.isAnnotationPresent(NonBlocking.class));
    boolean async = ASYNC.contains(method.style());
    if (onMethod && !async) {
      throw new IllegalArgumentException("@NonBlocking on " + method.route() + ", a " + method.style().name()
          .toLowerCase(java.util.Locale.ROOT) + " method: only methods returning CompletableFuture, Mono or Flux may run on the I/O thread");
    }
    boolean onType = declared.getDeclaringClass().isAnnotationPresent(NonBlocking.class)
        || implementation.getClass().isAnnotationPresent(NonBlocking.class);
    return async && (onMethod || onType);
  }

  private static @Nullable Method implementationOf(Method declared, Class<?> type) {
    try {
      return type.getMethod(declared.getName(), declared.getParameterTypes());
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
