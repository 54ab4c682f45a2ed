package io.backchannel.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A nanosecond clock for {@code PeerBuilder.ticker} that stands still until a test moves it, so
 * deadline budgets and call durations come out exact. It starts at an arbitrary reading because
 * only differences between readings mean anything. Thread-safe.
 */
public final class FakeTicker implements LongSupplier {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);

  @Override
  public long getAsLong() {
    return nanos.get();
  }

  /** Moves the clock forward by {@code duration}. */
  public void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }
}
