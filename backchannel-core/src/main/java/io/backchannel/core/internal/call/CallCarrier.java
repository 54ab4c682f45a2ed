package io.backchannel.core.internal.call;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The call-scoped values of one thread (a {@link CallOptions} deadline, the call being served),
 * carried to other threads so that calls made there obey the same deadlines.
 */
public record CallCarrier(@Nullable Duration deadline, @Nullable InboundCall serving) {

  public static CallCarrier capture() {
    return new CallCarrier(
        CallScopes.DEADLINE.isBound() ? CallScopes.DEADLINE.get() : null, InboundCall.current());
  }

  public <T, X extends Throwable> T call(ScopedValue.CallableOp<? extends T, X> body) throws X {
    ScopedValue.Carrier carrier = null;
    if (deadline != null) {
      carrier = ScopedValue.where(CallScopes.DEADLINE, deadline);
    }
    if (serving != null) {
      carrier = carrier == null ? ScopedValue.where(InboundCall.CURRENT, serving) : carrier.where(InboundCall.CURRENT, serving);
    }
    return carrier == null ? body.call() : carrier.call(body);
  }
}
