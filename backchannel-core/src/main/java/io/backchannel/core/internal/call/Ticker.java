package io.backchannel.core.internal.call;

/**
 * A monotonic clock in nanoseconds, read for every deadline and call duration of one peer.
 * {@link #SYSTEM} in production; tests substitute one they move by hand so that deadline
 * arithmetic needs no real waiting. Thread-safe; never blocks.
 */
@FunctionalInterface
public interface Ticker {
  /** {@link System#nanoTime()}. */
  Ticker SYSTEM = System::nanoTime;

  /** The current reading; only differences between readings mean anything. */
  long nanoTime();
}
