package io.backchannel.core.internal.call;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Works out a call's effective deadline: the earliest of every bound that applies. */
public final class Deadlines {
  private Deadlines() {}

  /**
   * The absolute {@link System#nanoTime()} deadline for an outbound call starting at {@code
   * startNanos}: the per-call override if bound, else the method's timeout, else {@code
   * peerDefault}; never later than the deadline of the inbound call being served.
   */
  public static long outbound(long startNanos, @Nullable Duration methodTimeout, Duration peerDefault) {
    Duration budget = CallScopes.DEADLINE.isBound()
        ? CallScopes.DEADLINE.get()
        : methodTimeout != null ? methodTimeout : peerDefault;
    long deadline = plus(startNanos, budget);
    InboundCall parent = InboundCall.current();
    return parent == null ? deadline : Math.min(deadline, parent.deadlineNanos());
  }

  /** {@code startNanos + budget}, saturating at {@link Long#MAX_VALUE}. */
  public static long plus(long startNanos, Duration budget) {
    long nanos;
    try {
      nanos = budget.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
    long deadline = startNanos + nanos;
    return deadline < startNanos ? Long.MAX_VALUE : deadline;
  }

  /** Milliseconds left until {@code deadlineNanos}, rounded up, at least 0. */
  public static long remainingMillis(long deadlineNanos) {
    if (deadlineNanos == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    long left = deadlineNanos - System.nanoTime();
    return left <= 0 ? 0 : (left + 999_999) / 1_000_000;
  }

  /** {@code mono}, failing with {@code onExpiry} (and cancelling {@code mono}) at {@code deadlineNanos}. */
  public static <T> Mono<T> bound(Mono<T> mono, long deadlineNanos, Supplier<? extends Throwable> onExpiry) {
    if (deadlineNanos == Long.MAX_VALUE) {
      return mono;
    }
    return Mono.defer(() -> mono.timeout(Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())), Mono.error(onExpiry)));
  }

  /**
   * {@code flux}, failing with {@code onExpiry} (and cancelling {@code flux}) if it has not
   * completed by {@code deadlineNanos}: a deadline for the whole stream, not per item.
   */
  public static <T> Flux<T> bound(Flux<T> flux, long deadlineNanos, Supplier<? extends Throwable> onExpiry) {
    if (deadlineNanos == Long.MAX_VALUE) {
      return flux;
    }
    return Flux.defer(() -> {
      AtomicBoolean expired = new AtomicBoolean();
      Mono<Long> timer = Mono.delay(Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())))
          .doOnNext(tick -> expired.set(true));
      return flux.takeUntilOther(timer)
          .concatWith(Mono.defer(() -> expired.get() ? Mono.error(onExpiry.get()) : Mono.empty()));
    });
  }
}
