package io.backchannel.core.internal.call;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * The one timer behind every deadline of a peer: a hashed wheel (10 ms ticks) on one daemon
 * thread. Arming and cancelling are constant-time and lock-free,
 * where a Reactor {@code timeout} per call would insert into and remove from a shared delay queue
 * under a lock. Expiries fire on the wheel's thread, late by up to a tick.
 */
public final class DeadlineTimer implements AutoCloseable {
  private static final long TICK_MILLIS = 10;

  private final HashedWheelTimer wheel;

  public DeadlineTimer(String name) {
    this.wheel = new HashedWheelTimer(task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    }, TICK_MILLIS, TimeUnit.MILLISECONDS, 512, false);
    // Started now, not by the first call: starting waits for the thread and swallows the caller's interrupt.
    wheel.start();
  }

  /** A Mono that emits {@code 0} after {@code nanos}, as {@code Mono.delay} does; cancelling it disarms it. */
  public Mono<Long> delay(long nanos) {
    return new Delay(nanos);
  }

  /**
   * Runs {@code expiry} on the wheel's thread after {@code nanos}, unless the returned timeout is
   * cancelled first.
   *
   * @throws IllegalStateException if the peer is closed
   */
  public Timeout schedule(Runnable expiry, long nanos) {
    try {
      return wheel.newTimeout(fired -> expiry.run(), nanos, TimeUnit.NANOSECONDS);
    } catch (IllegalStateException | RejectedExecutionException e) {
      throw closed(e);
    }
  }

  private static IllegalStateException closed(RuntimeException cause) {
    return new IllegalStateException("the peer is closed: no new deadline can be armed", cause);
  }

  /** Stops the wheel; deadlines armed later fail their call at once. */
  @Override
  public void close() {
    wheel.stop();
  }

  private final class Delay extends Mono<Long> {
    private final long nanos;

    private Delay(long nanos) {
      this.nanos = nanos;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Long> actual) {
      Armed armed = new Armed(actual);
      actual.onSubscribe(armed);
      try {
        armed.arm(wheel.newTimeout(armed, nanos, TimeUnit.NANOSECONDS));
      } catch (IllegalStateException | RejectedExecutionException e) {
        armed.fail(closed(e));
      }
    }
  }

  /** One armed deadline: fires once, unless cancelled first. */
  @SuppressWarnings("serial")
  private static final class Armed extends AtomicInteger implements Subscription, TimerTask {
    private static final int ARMED = 0;
    private static final int FIRED = 1;
    private static final int CANCELLED = 2;

    private final CoreSubscriber<? super Long> actual;
    private volatile @Nullable Timeout timeout;

    private Armed(CoreSubscriber<? super Long> actual) {
      this.actual = actual;
    }

    void arm(Timeout armed) {
      timeout = armed;
      if (get() == CANCELLED) {
        // Cancelled while being armed: the cancel saw no timeout to disarm.
        armed.cancel();
      }
    }

    void fail(Throwable error) {
      if (compareAndSet(ARMED, FIRED)) {
        actual.onError(error);
      }
    }

    @Override
    public void run(Timeout fired) {
      if (compareAndSet(ARMED, FIRED)) {
        actual.onNext(0L);
        actual.onComplete();
      }
    }

    @Override
    public void request(long n) {
      // A single tick, emitted when due: demand is implied, as the timeout operators always ask.
    }

    @Override
    public void cancel() {
      if (compareAndSet(ARMED, CANCELLED)) {
        Timeout armed = timeout;
        if (armed != null) {
          armed.cancel();
        }
      }
    }
  }
}
