package io.backchannel.core.internal.call;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Works out a call's effective deadline (the earliest of every bound that applies) on one peer's
 * {@link Ticker}. Deadlines are absolute readings of that ticker, {@link Long#MAX_VALUE} for none.
 * Expiry itself is armed on the peer's {@link DeadlineTimer}, at subscription, with the budget
 * then left: a test ticker moves budgets and durations, not timers already armed.
 */
public final class Deadlines implements AutoCloseable {
  private final Ticker ticker;
  private final DeadlineTimer timer;

  public Deadlines(Ticker ticker, DeadlineTimer timer) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.timer = Objects.requireNonNull(timer, "timer");
  }

  /** Stops the timer: a peer's deadlines end with the peer. */
  @Override
  public void close() {
    timer.close();
  }

  /** The current reading of this peer's clock: where calls start and durations end. */
  public long now() {
    return ticker.nanoTime();
  }

  /**
   * The absolute deadline for an outbound call starting at {@code startNanos}: the per-call
   * override if bound, else the method's timeout, else {@code peerDefault}; never later than the
   * deadline of the inbound call being served.
   */
  public long outbound(long startNanos, @Nullable Duration methodTimeout, Duration peerDefault) {
    Duration budget = CallScopes.DEADLINE.isBound()
        ? CallScopes.DEADLINE.get()
        : methodTimeout != null ? methodTimeout : peerDefault;
    long deadline = plus(startNanos, budget);
    InboundCall parent = InboundCall.current();
    if (parent == null || parent.deadlineNanos() == Long.MAX_VALUE) {
      return deadline;
    }
    // The parent may have been served by another peer with another ticker: carry over its budget.
    return Math.min(deadline, plus(startNanos, Duration.ofNanos(parent.deadlines().remainingNanos(parent.deadlineNanos()))));
  }

  /**
   * The absolute deadline of a call this peer serves or relays, starting at {@code startNanos}: the
   * caller's budget ({@code requestedMillis}; -1 when it sent none, for {@code defaultBudget}), but
   * never more than {@code maxBudget}, whatever the caller asked ("forever" included).
   */
  public static long inbound(long startNanos, long requestedMillis, Duration defaultBudget, Duration maxBudget) {
    long max = saturatedNanos(maxBudget);
    long requested = requestedMillis < 0 ? saturatedNanos(defaultBudget)
        : requestedMillis > Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : requestedMillis * 1_000_000;
    long deadline = startNanos + Math.min(requested, max);
    return deadline < startNanos ? Long.MAX_VALUE : deadline;
  }

  private static long saturatedNanos(Duration budget) {
    try {
      return budget.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
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

  /** Nanoseconds left until {@code deadlineNanos}, at least 0; {@link Long#MAX_VALUE} for none. */
  public long remainingNanos(long deadlineNanos) {
    if (deadlineNanos == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, deadlineNanos - ticker.nanoTime());
  }

  /** Milliseconds left until {@code deadlineNanos}, rounded up, at least 0. */
  public long remainingMillis(long deadlineNanos) {
    long left = remainingNanos(deadlineNanos);
    return left == Long.MAX_VALUE ? Long.MAX_VALUE : (left + 999_999) / 1_000_000;
  }

  /**
   * Runs {@code onExpiry} when {@code deadlineNanos} is reached, on the timer's thread, or at once
   * if the budget is spent; nothing for no deadline. Cancel the returned handle when the work
   * ends first.
   *
   * @throws IllegalStateException if the peer is closed
   */
  public Disposable arm(long deadlineNanos, Runnable onExpiry) {
    if (deadlineNanos == Long.MAX_VALUE) {
      return Disposables.disposed();
    }
    long left = remainingNanos(deadlineNanos);
    if (left == 0) {
      onExpiry.run();
      return Disposables.disposed();
    }
    return timer.schedule(onExpiry, left);
  }

  /** {@code mono}, failing with {@code onExpiry} (and cancelling {@code mono}) at {@code deadlineNanos}. */
  public <T> Mono<T> bound(Mono<T> mono, long deadlineNanos, Supplier<? extends Throwable> onExpiry) {
    if (deadlineNanos == Long.MAX_VALUE) {
      return mono;
    }
    return Mono.defer(() -> mono.timeout(expiry(deadlineNanos), Mono.error(onExpiry)));
  }

  /**
   * Emits when {@code deadlineNanos} is reached. A spent budget emits at once rather than a tick
   * later, yet only once subscribed: the work bounded by it is still started, and cancelled, so
   * that whatever it holds is let go the usual way.
   */
  private Mono<Long> expiry(long deadlineNanos) {
    long left = remainingNanos(deadlineNanos);
    return left == 0 ? Mono.just(0L) : timer.delay(left);
  }

  /**
   * {@code flux}, failing with {@code onExpiry} (and cancelling {@code flux}) if it has not
   * completed by {@code deadlineNanos}: a deadline for the whole stream, not per item.
   */
  public <T> Flux<T> bound(Flux<T> flux, long deadlineNanos, Supplier<? extends Throwable> onExpiry) {
    if (deadlineNanos == Long.MAX_VALUE) {
      return flux;
    }
    return Flux.defer(() -> {
      AtomicBoolean expired = new AtomicBoolean();
      return flux.takeUntilOther(expiry(deadlineNanos).doOnNext(tick -> expired.set(true)))
          .concatWith(Mono.defer(() -> expired.get() ? Mono.error(onExpiry.get()) : Mono.empty()));
    });
  }
}
