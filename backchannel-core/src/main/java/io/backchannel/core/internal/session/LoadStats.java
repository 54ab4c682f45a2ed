package io.backchannel.core.internal.session;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What least-loaded routing knows of one connection: the load its node last reported, this peer's
 * calls in flight to it, and an exponentially weighted moving average of their latency. Updates
 * race benignly: the figures steer a heuristic, not an invariant.
 */
public final class LoadStats {
  private static final double ALPHA = 0.3;

  private final AtomicInteger localInFlight = new AtomicInteger();
  private volatile double latencyEwmaMillis;
  private volatile int reportedInFlight;
  private volatile double reportedCpu;
  private volatile double reportedGauge;

  public void started() {
    localInFlight.incrementAndGet();
  }

  public void ended(long nanos, boolean succeeded) {
    localInFlight.decrementAndGet();
    if (succeeded) {
      double millis = nanos / 1e6;
      double previous = latencyEwmaMillis;
      latencyEwmaMillis = previous == 0 ? millis : previous + ALPHA * (millis - previous);
    }
  }

  public void reported(int inFlight, double cpu, double gauge) {
    reportedInFlight = Math.max(0, inFlight);
    reportedCpu = Double.isFinite(cpu) ? Math.max(0, cpu) : 0;
    reportedGauge = Double.isFinite(gauge) ? Math.max(0, gauge) : 0;
  }

  /** The calls in flight the node last reported. */
  public int reportedInFlight() {
    return reportedInFlight;
  }

  public int localInFlight() {
    return localInFlight.get();
  }

  /** Lower is better: expected wait, in the spirit of peak-EWMA. */
  public double cost() {
    double outstanding = reportedInFlight + localInFlight.get() + reportedGauge + 1;
    return (latencyEwmaMillis + 1) * outstanding * (1 + reportedCpu);
  }
}
