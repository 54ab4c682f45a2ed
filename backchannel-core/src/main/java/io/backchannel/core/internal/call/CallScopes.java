package io.backchannel.core.internal.call;

import io.backchannel.core.node.Target;
import java.time.Duration;

/** Per-call options a caller binds around a proxy call. */
public final class CallScopes {
  /** A deadline for the calls made while bound, overriding annotations and defaults. */
  public static final ScopedValue<Duration> DEADLINE = ScopedValue.newInstance();

  /** A target for the calls made while bound, overriding the proxy's. */
  public static final ScopedValue<Target> TARGET = ScopedValue.newInstance();

  private CallScopes() {}
}
