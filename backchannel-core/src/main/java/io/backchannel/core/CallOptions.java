package io.backchannel.core;

import io.backchannel.core.internal.call.CallScopes;
import io.backchannel.core.node.Target;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Options for the proxy calls made inside a block, overriding the method's {@code @Timeout}, the
 * peer's default deadline and the proxy's target:
 *
 * <pre>{@code
 * String answer = CallOptions.deadline(Duration.ofMillis(200)).call(() -> greeter.hello("x"));
 * CallOptions.target(Target.sticky(orderId, NodeSelector.service("Orders"))).run(() -> orders.submit(order));
 * }</pre>
 *
 * <p>Only calls started on the current thread inside the block are affected. A call made while
 * serving another call still never outlives that call's deadline. Targets apply to proxies made by
 * {@link Peer#proxy}; a call through a {@link io.backchannel.core.node.Connection}'s or {@link
 * io.backchannel.core.node.Link}'s proxy inside a target block fails with {@link
 * IllegalStateException}, as it has one fixed destination. Immutable.
 */
public final class CallOptions {
  private final @Nullable Duration deadline;
  private final @Nullable Target target;

  private CallOptions(@Nullable Duration deadline, @Nullable Target target) {
    this.deadline = deadline;
    this.target = target;
  }

  /** Calls in the block must complete within {@code deadline} of their start. */
  public static CallOptions deadline(Duration deadline) {
    return new CallOptions(positive(deadline), null);
  }

  /** Calls in the block go to {@code target} instead of their proxy's target. */
  public static CallOptions target(Target target) {
    return new CallOptions(null, Objects.requireNonNull(target, "target"));
  }

  /** These options with {@code deadline} too. */
  public CallOptions withDeadline(Duration deadline) {
    return new CallOptions(positive(deadline), target);
  }

  /** These options with {@code target} too. */
  public CallOptions withTarget(Target target) {
    return new CallOptions(deadline, Objects.requireNonNull(target, "target"));
  }

  /** Runs {@code block} with these options and returns its result; its exceptions pass through. */
  public <T, X extends Throwable> T call(ScopedValue.CallableOp<? extends T, X> block) throws X {
    return carrier().call(block);
  }

  /** Runs {@code block} with these options. */
  public void run(Runnable block) {
    carrier().run(block);
  }

  private ScopedValue.Carrier carrier() {
    ScopedValue.Carrier carrier = deadline != null ? ScopedValue.where(CallScopes.DEADLINE, deadline) : null;
    if (target != null) {
      carrier = carrier == null ? ScopedValue.where(CallScopes.TARGET, target) : carrier.where(CallScopes.TARGET, target);
    }
    return Objects.requireNonNull(carrier, "every factory sets an option");
  }

  private static Duration positive(Duration deadline) {
    Objects.requireNonNull(deadline, "deadline");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive, was " + deadline);
    }
    return deadline;
  }
}
