package io.backchannel.core;

import io.backchannel.core.internal.call.CallScopes;
import java.time.Duration;
import java.util.Objects;

/**
 * Options for the proxy calls made inside a block, overriding the method's {@code @Timeout} and
 * the peer's default:
 *
 * <pre>{@code
 * String answer = CallOptions.deadline(Duration.ofMillis(200)).call(() -> greeter.hello("x"));
 * }</pre>
 *
 * <p>Only calls started on the current thread inside the block are affected. A call made while
 * serving another call still never outlives that call's deadline.
 */
public final class CallOptions {
  private final Duration deadline;

  private CallOptions(Duration deadline) {
    this.deadline = deadline;
  }

  /** Calls in the block must complete within {@code deadline} of their start. */
  public static CallOptions deadline(Duration deadline) {
    Objects.requireNonNull(deadline, "deadline");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive, was " + deadline);
    }
    return new CallOptions(deadline);
  }

  /** Runs {@code block} with these options and returns its result; its exceptions pass through. */
  public <T, X extends Throwable> T call(ScopedValue.CallableOp<? extends T, X> block) throws X {
    return ScopedValue.where(CallScopes.DEADLINE, deadline).call(block);
  }

  /** Runs {@code block} with these options. */
  public void run(Runnable block) {
    ScopedValue.where(CallScopes.DEADLINE, deadline).run(block);
  }
}
