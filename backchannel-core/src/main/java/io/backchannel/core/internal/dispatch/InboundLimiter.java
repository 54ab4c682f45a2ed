package io.backchannel.core.internal.dispatch;

import java.util.concurrent.atomic.AtomicInteger;

/** Bounds the calls a peer serves at once; beyond the bound a call is rejected, not queued. */
public final class InboundLimiter {
  private final int max;
  private final AtomicInteger inFlight = new AtomicInteger();

  public InboundLimiter(int max) {
    this.max = max;
  }

  boolean tryAcquire() {
    while (true) {
      int current = inFlight.get();
      if (current >= max) {
        return false;
      }
      if (inFlight.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  void release() {
    if (inFlight.decrementAndGet() == 0) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** Waits until no call is being served, at most {@code millis}; true if idle. */
  public synchronized boolean awaitIdle(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (inFlight.get() > 0) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  /** Calls being served now. */
  public int inFlight() {
    return inFlight.get();
  }

  public int max() {
    return max;
  }
}
