package io.backchannel.core.internal.call;

import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The one timer behind every deadline of a peer: a delay queue on one daemon thread, which sleeps
 * until the earliest deadline and not at all while none is armed, so an idle peer costs no
 * wake-ups. A cancelled deadline leaves the queue at once, so the queue holds only the calls in
 * flight. Expiries fire on the timer's thread and must not block.
 */
public final class DeadlineTimer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeadlineTimer.class);

  private final ScheduledThreadPoolExecutor executor;

  public DeadlineTimer(String name) {
    executor = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    // Started with the peer, not by a call: a thread inherits from whoever creates it.
    executor.prestartCoreThread();
  }

  /** A Mono that emits {@code 0} after {@code nanos}, as {@code Mono.delay} does; cancelling it disarms it. */
  public Mono<Long> delay(long nanos) {
    return new Delay(nanos);
  }

  /**
   * Runs {@code expiry} on the timer's thread after {@code nanos}, unless the returned handle is
   * disposed first.
   *
   * @throws IllegalStateException if the peer is closed
   */
  public Disposable schedule(Runnable expiry, long nanos) {
    Future<?> armed = arm(expiry, nanos);
    return () -> armed.cancel(false);
  }

  private Future<?> arm(Runnable expiry, long nanos) {
    try {
      return executor.schedule(() -> {
        try {
          expiry.run();
        } catch (RuntimeException | Error e) {
          // The executor would keep it in a future no one reads.
          LOG.warn("a deadline's expiry failed", e);
        }
      }, nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the peer is closed: no new deadline can be armed", e);
    }
  }

  /** How many deadlines are armed and neither fired nor cancelled. */
  int armed() {
    return executor.getQueue().size();
  }

  /** Stops the timer; deadlines armed later fail their call at once. */
  @Override
  public void close() {
    executor.shutdownNow();
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
        armed.arm(arm(armed::fire, nanos));
      } catch (IllegalStateException e) {
        armed.fail(e);
      }
    }
  }

  /** One armed deadline: fires once, unless cancelled first. */
  @SuppressWarnings("serial")
  private static final class Armed extends AtomicInteger implements Subscription {
    private static final int ARMED = 0;
    private static final int FIRED = 1;
    private static final int CANCELLED = 2;

    private final CoreSubscriber<? super Long> actual;
    private volatile @Nullable Future<?> timeout;

    private Armed(CoreSubscriber<? super Long> actual) {
      this.actual = actual;
    }

    void arm(Future<?> armed) {
      timeout = armed;
      if (get() == CANCELLED) {
        // Cancelled while being armed: the cancel saw no timeout to disarm.
        armed.cancel(false);
      }
    }

    void fail(Throwable error) {
      if (compareAndSet(ARMED, FIRED)) {
        actual.onError(error);
      }
    }

    void fire() {
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
        Future<?> armed = timeout;
        if (armed != null) {
          armed.cancel(false);
        }
      }
    }
  }
}
