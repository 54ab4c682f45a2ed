package io.backchannel.core.internal.call;

import io.backchannel.core.node.Target;
import java.time.Duration;

/** Per-call options a caller binds around a proxy call. */
public final class CallScopes {
  /** A deadline for the calls made while bound, overriding annotations and defaults. */
  public static final ScopedValue<Duration> DEADLINE = ScopedValue.newInstance();

  /** A target for the calls made while bound, overriding the proxy's. */
  public static final ScopedValue<Target> TARGET = ScopedValue.newInstance();

  /** Bound (to true) while the calls made deliver their results on the thread they arrive on. */
  public static final ScopedValue<Boolean> DIRECT_DELIVERY = ScopedValue.newInstance();

  /** Whether calls started now deliver their results where they arrive; see {@code CallOptions.directDelivery}. */
  public static boolean directDelivery() {
    return DIRECT_DELIVERY.orElse(false);
  }

  private CallScopes() {}
}
