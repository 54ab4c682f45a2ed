package io.backchannel.core;

import io.backchannel.core.internal.call.CallScopes;
import io.backchannel.core.node.Target;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Options for the proxy calls made inside a block, overriding the method's {@code @Timeout}, the
 * peer's default deadline and the proxy's target, or where results are delivered:
 *
 * <pre>{@code
 * String answer = CallOptions.deadline(Duration.ofMillis(200)).call(() -> greeter.hello("x"));
 * CallOptions.target(Target.sticky(orderId, NodeSelector.service("Orders"))).run(() -> orders.submit(order));
 * Flux<Tick> ticks = CallOptions.directDelivery().call(() -> market.ticks("ACME"));
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
  private final boolean directDelivery;

  private CallOptions(@Nullable Duration deadline, @Nullable Target target, boolean directDelivery) {
    this.deadline = deadline;
    this.target = target;
    this.directDelivery = directDelivery;
  }

  /** Calls in the block must complete within {@code deadline} of their start. */
  public static CallOptions deadline(Duration deadline) {
    return new CallOptions(positive(deadline), null, false);
  }

  /** Calls in the block go to {@code target} instead of their proxy's target. */
  public static CallOptions target(Target target) {
    return new CallOptions(null, Objects.requireNonNull(target, "target"), false);
  }

  /**
   * Calls in the block deliver their results on the thread that receives them, usually an I/O
   * thread, instead of handing them to the peer's executor first; as gRPC's {@code
   * directExecutor()}, this saves a thread hand-off per response, or per batch of stream items.
   *
   * <p>It applies to the {@code Mono} and {@code Flux} a proxy method returns (every signal, and
   * for a request-channel the subscription to its input {@code Flux}) and to the {@code
   * CompletableFuture} (callbacks chained before completion run where it completes, as {@code
   * CompletableFuture}'s own do: on the I/O thread, or on a thread completing another of its
   * stages; {@code *Async} methods keep their executors). Where it is set, the caller promises
   * that nothing it chains on those results blocks: blocking there stalls every connection of that
   * I/O thread, and a synchronous Backchannel call made there fails at once with {@link
   * IllegalStateException}. A {@code Flux} delivered directly buffers nothing of its own: its
   * subscriber's requests go to the sender.
   */
  public static CallOptions directDelivery() {
    return new CallOptions(null, null, true);
  }

  /** These options with {@code deadline} too. */
  public CallOptions withDeadline(Duration deadline) {
    return new CallOptions(positive(deadline), target, directDelivery);
  }

  /** These options with {@code target} too. */
  public CallOptions withTarget(Target target) {
    return new CallOptions(deadline, Objects.requireNonNull(target, "target"), directDelivery);
  }

  /** These options with {@link #directDelivery() direct delivery} too. */
  public CallOptions withDirectDelivery() {
    return new CallOptions(deadline, target, true);
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
    if (directDelivery) {
      carrier = carrier == null
          ? ScopedValue.where(CallScopes.DIRECT_DELIVERY, true)
          : carrier.where(CallScopes.DIRECT_DELIVERY, true);
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
