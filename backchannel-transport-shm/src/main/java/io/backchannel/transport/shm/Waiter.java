package io.backchannel.transport.shm;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One side's way of waiting for a ring condition (data to read, or space to write): spin up to a
 * budget, then announce on the flag, fence, re-check and sleep until the other side clears the
 * flag and wakes us. Used by one thread at a time; {@link #wakeLocal} may be called from any
 * thread.
 */
final class Waiter {
  /** A safety net only: a correct wake never needs it, and it keeps an idle thread nearly free. */
  static final long SLEEP_NANOS = 250_000_000L;

  private final Ring.WaitFlag flag;
  private final Wakeup wakeup;
  private final long spinNanos;
  private final BooleanSupplier stopped;
  private final MemorySegment timespec = Futex.newTimespec();
  private volatile @Nullable Thread thread;

  Waiter(Ring.WaitFlag flag, Wakeup wakeup, long spinNanos, BooleanSupplier stopped) {
    this.flag = flag;
    this.wakeup = wakeup;
    this.spinNanos = spinNanos;
    this.stopped = stopped;
  }

  /**
   * Returns once {@code ready} holds, the connection stops, or a sleep times out; callers loop and
   * re-check.
   */
  void await(BooleanSupplier ready) {
    if (spinNanos > 0 && spin(ready)) {
      return;
    }
    thread = Thread.currentThread();
    flag.setSleepingVolatile();
    // Dekker with the waker's "publish, fence, read flag": one of us sees the other's store.
    VarHandle.fullFence();
    if (!ready.getAsBoolean() && !stopped.getAsBoolean()) {
      wakeup.sleep(this, SLEEP_NANOS);
    }
    flag.setAwakeVolatile();
  }

  private boolean spin(BooleanSupplier ready) {
    long deadline = System.nanoTime() + spinNanos;
    for (int i = 1; ; i++) {
      if (ready.getAsBoolean() || stopped.getAsBoolean()) {
        return true;
      }
      // Yield rather than pause: with few cores the thread we are waiting for (or the one our
      // last frame woke) may need this core, and sched_yield hands it over at once.
      Thread.yield();
      if ((i & 7) == 0 && System.nanoTime() - deadline > 0) {
        return false;
      }
    }
  }

  /** Wakes the thread sleeping here, if any; used on close and by the doorbell watcher. */
  void wakeLocal() {
    flag.setAwakeVolatile();
    wakeup.wakeLocal(this);
  }

  Ring.WaitFlag flag() {
    return flag;
  }

  MemorySegment word() {
    return flag.word();
  }

  MemorySegment timespec() {
    return timespec;
  }

  @Nullable Thread thread() {
    return thread;
  }
}
