package io.backchannel.core.internal.call;

import org.jspecify.annotations.Nullable;

/**
 * The call a handler is serving, bound to the handler's thread for the duration of the handler
 * method.
 *
 * @param deadlineNanos the absolute {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE}
 */
public record InboundCall(String requestId, String route, String remoteNode, long deadlineNanos) {
  /** Bound while a handler method runs. */
  public static final ScopedValue<InboundCall> CURRENT = ScopedValue.newInstance();

  /** The call the current thread serves, if any. */
  public static @Nullable InboundCall current() {
    return CURRENT.isBound() ? CURRENT.get() : null;
  }
}
