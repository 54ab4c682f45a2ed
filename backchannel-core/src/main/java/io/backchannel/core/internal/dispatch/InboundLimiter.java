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
    inFlight.decrementAndGet();
  }

  /** Calls being served now. */
  public int inFlight() {
    return inFlight.get();
  }

  public int max() {
    return max;
  }
}
