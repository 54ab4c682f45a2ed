package io.backchannel.core.internal.call;

import org.jspecify.annotations.Nullable;

/**
 * The call a handler is serving, bound to the handler's thread for the duration of the handler
 * method.
 *
 * @param deadlineNanos the absolute deadline on {@code deadlines}' ticker, or {@link Long#MAX_VALUE}
 * @param deadlines the serving peer's clock, against which {@code deadlineNanos} is read
 */
public record InboundCall(String requestId, String route, String remoteNode, long deadlineNanos, Deadlines deadlines) {
  /** Bound while a handler method runs. */
  public static final ScopedValue<InboundCall> CURRENT = ScopedValue.newInstance();

  /** The call the current thread serves, if any. */
  public static @Nullable InboundCall current() {
    return CURRENT.isBound() ? CURRENT.get() : null;
  }
}
