package io.backchannel.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A nanosecond clock for {@code PeerBuilder.ticker} that a test moves by hand. {@link #FakeTicker()}
 * stands still between moves, so deadline budgets and call durations come out exact; {@link
 * #onSystemTime()} also runs with real time, for peers whose timers must agree with their clock.
 * Only differences between readings mean anything. Thread-safe.
 */
public final class FakeTicker implements LongSupplier {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
  private final boolean followsSystemTime;

  /** A clock that only moves when {@link #advance}d. */
  public FakeTicker() {
    this(false);
  }

  private FakeTicker(boolean followsSystemTime) {
    this.followsSystemTime = followsSystemTime;
  }

  /** {@link System#nanoTime()} plus every {@link #advance} so far. */
  public static FakeTicker onSystemTime() {
    return new FakeTicker(true);
  }

  @Override
  public long getAsLong() {
    return followsSystemTime ? System.nanoTime() + nanos.get() : nanos.get();
  }

  /** Moves the clock forward by {@code duration}. */
  public void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }
}
