package io.backchannel.core.internal.call;

import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The one timer behind every deadline of a peer, on one daemon thread that wakes only when a
 * deadline is due. Arming wakes that thread only if the new deadline is earlier than the wake-up
 * it already planned; a cancelled deadline leaves the set at once but not the plan, so the thread
 * sweeps lazily. Calls with like budgets therefore arm without a wake-up each (a delay queue
 * signals its thread whenever a call arms into an empty queue: one wake-up per call at one in
 * flight), and an idle peer wakes at most once more (a ticking wheel woke 100 times a second).
 * Expiries run on the timer's thread and must not block.
 */
public final class DeadlineTimer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeadlineTimer.class);
  private static final long NONE = Long.MAX_VALUE;

  private final ConcurrentSkipListSet<Entry> armed = new ConcurrentSkipListSet<>();
  private final AtomicLong sequence = new AtomicLong();
  private final Thread thread;
  /** When the thread will next look at the set: {@link #NONE} while it waits for an arm. */
  private volatile long plannedWake = NONE;
  private volatile boolean closed;

  public DeadlineTimer(String name) {
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
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
    long now = System.nanoTime();
    Entry entry = new Entry(this, now + Math.max(0, Math.min(nanos, NONE / 2)), sequence.incrementAndGet(), expiry);
    armed.add(entry);
    // Dekker with the thread's "plan, then look at the set": one of us sees the other's write.
    long plan = plannedWake;
    if (plan == NONE || entry.due - plan < 0) {
      LockSupport.unpark(thread);
    }
    if (closed) {
      armed.remove(entry);
      throw new IllegalStateException("the peer is closed: no new deadline can be armed");
    }
    return entry;
  }

  /** How many deadlines are armed and neither fired nor cancelled. */
  int armed() {
    return armed.size();
  }

  /** Stops the timer; deadlines armed later fail their call at once, armed ones never fire. */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
  }

  private void run() {
    while (!closed) {
      long now = System.nanoTime();
      Entry first;
      while ((first = firstOrNull()) != null && first.due - now <= 0) {
        if (armed.remove(first)) {
          first.fire();
        }
      }
      long next = first == null ? NONE : first.due;
      plannedWake = next;
      Entry recheck = firstOrNull();
      if (recheck != null && (next == NONE || recheck.due - next < 0)) {
        continue; // armed while we planned: it may have seen the old plan and not woken us
      }
      if (next == NONE) {
        LockSupport.park(this);
      } else {
        LockSupport.parkNanos(this, next - System.nanoTime());
      }
    }
    armed.clear();
  }

  private @Nullable Entry firstOrNull() {
    try {
      return armed.first();
    } catch (NoSuchElementException empty) {
      return null;
    }
  }

  /** One armed deadline, ordered by when it is due and then by when it was armed. */
  private static final class Entry implements Comparable<Entry>, Disposable {
    private final DeadlineTimer timer;
    private final long due;
    private final long sequence;
    private final Runnable expiry;
    private volatile boolean disposed;

    private Entry(DeadlineTimer timer, long due, long sequence, Runnable expiry) {
      this.timer = timer;
      this.due = due;
      this.sequence = sequence;
      this.expiry = expiry;
    }

    @Override
    public int compareTo(Entry other) {
      long byDue = due - other.due;
      return byDue != 0 ? (byDue < 0 ? -1 : 1) : Long.compare(sequence, other.sequence);
    }

    void fire() {
      try {
        expiry.run();
      } catch (RuntimeException | Error e) {
        LOG.warn("a deadline's expiry failed", e);
      }
    }

    @Override
    public void dispose() {
      if (!disposed) {
        disposed = true;
        timer.armed.remove(this);
      }
    }

    @Override
    public boolean isDisposed() {
      return disposed;
    }
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
        armed.arm(schedule(armed::fire, nanos));
      } catch (IllegalStateException e) {
        armed.fail(e);
      }
    }
  }

  /** One armed delay: fires once, unless cancelled first. */
  @SuppressWarnings("serial")
  private static final class Armed extends AtomicInteger implements Subscription {
    private static final int ARMED = 0;
    private static final int FIRED = 1;
    private static final int CANCELLED = 2;

    private final CoreSubscriber<? super Long> actual;
    private volatile @Nullable Disposable timeout;

    private Armed(CoreSubscriber<? super Long> actual) {
      this.actual = actual;
    }

    void arm(Disposable armed) {
      timeout = armed;
      if (get() == CANCELLED) {
        // Cancelled while being armed: the cancel saw no timeout to disarm.
        armed.dispose();
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
        Disposable armed = timeout;
        if (armed != null) {
          armed.dispose();
        }
      }
    }
  }
}
