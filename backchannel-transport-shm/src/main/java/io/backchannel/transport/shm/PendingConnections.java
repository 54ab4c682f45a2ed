package io.backchannel.transport.shm;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/**
 * Bounds a listener's connections that are accepted but have not yet sent a frame (handshake and
 * wait for RSocket's SETUP): each holds a socket, a ring file and three threads, and nobody has
 * been authenticated. At most {@code max} at once, each for at most {@code timeout}. Thread-safe.
 */
final class PendingConnections {
  private final int max;
  private final Duration timeout;
  private final AtomicInteger pending = new AtomicInteger();

  PendingConnections(int max, Duration timeout) {
    this.max = max;
    this.timeout = timeout;
  }

  /** A slot for a newly accepted connection, or null (counted) if {@code max} are pending. */
  @Nullable Slot tryAcquire(Runnable onTimeout) {
    if (pending.incrementAndGet() > max) {
      pending.decrementAndGet();
      ShmRefusals.PENDING_LIMIT.count();
      return null;
    }
    return new Slot(onTimeout);
  }

  int pending() {
    return pending.get();
  }

  int max() {
    return max;
  }

  /** One pending connection; released exactly once, by its first frame, its close or its timeout. */
  final class Slot {
    private final AtomicBoolean released = new AtomicBoolean();
    private final Disposable timer;
    private volatile boolean timerSet;

    private Slot(Runnable onTimeout) {
      timer = Schedulers.parallel().schedule(() -> {
        if (release()) {
          ShmRefusals.PENDING_TIMEOUT.count();
          onTimeout.run();
        }
      }, timeout.toMillis(), TimeUnit.MILLISECONDS);
      timerSet = true;
    }

    /** Frees the slot; true only for the first call. */
    boolean release() {
      if (!released.compareAndSet(false, true)) {
        return false;
      }
      if (timerSet) {
        // Unset only when the timer itself fires first, which needs no cancelling.
        timer.dispose();
      }
      pending.decrementAndGet();
      return true;
    }
  }
}
