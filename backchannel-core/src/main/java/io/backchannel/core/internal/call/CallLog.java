package io.backchannel.core.internal.call;

import io.backchannel.core.observe.CallRecord;
import io.backchannel.core.observe.SlowCallListener;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The log aspect: one line per finished call and direction, at DEBUG, or at WARN past the slow
 * threshold (which also tells the {@link SlowCallListener}). Each side logs a call exactly once,
 * here, so failures are not logged again at every layer.
 */
public final class CallLog {
  private static final Logger LOG = LoggerFactory.getLogger("io.backchannel.calls");

  private final Duration slowThreshold;
  private final long slowThresholdNanos;
  private final @Nullable SlowCallListener listener;
  private final CallMetrics metrics;
  private final Ticker ticker;

  /** {@code ticker} is the clock call start times were read from. */
  public CallLog(Duration slowThreshold, @Nullable SlowCallListener listener, CallMetrics metrics, Ticker ticker) {
    this.ticker = ticker;
    this.slowThreshold = slowThreshold;
    this.slowThresholdNanos = slowThreshold.toNanos();
    this.listener = listener;
    this.metrics = metrics;
  }

  /** Records a call that started at {@code startNanos} and just ended with {@code failure}. */
  public void finished(CallId call, long startNanos, @Nullable Throwable failure) {
    long elapsed = ticker.nanoTime() - startNanos;
    metrics.record(call, elapsed, failure);
    boolean slow = elapsed >= slowThresholdNanos;
    if (!slow && !LOG.isDebugEnabled()) {
      return;
    }
    CallRecord record = call.finish(Duration.ofNanos(elapsed), failure);
    try (MDC.MDCCloseable ignored = MDC.putCloseable("requestId", record.requestId())) {
      if (slow) {
        LOG.warn("slow call {} {} {} node={} took {} ms (threshold {} ms) outcome={}",
            record.requestId(), direction(record), record.route(), record.remoteNode(),
            millis(elapsed), slowThreshold.toMillis(), outcome(record));
      } else {
        LOG.debug("{} {} {} node={} {} ms outcome={}",
            record.requestId(), direction(record), record.route(), record.remoteNode(), millis(elapsed), outcome(record));
      }
    }
    if (slow && listener != null) {
      try {
        listener.onSlowCall(record);
      } catch (RuntimeException e) {
        LOG.warn("slow-call listener threw", e);
      }
    }
  }

  private static String direction(CallRecord record) {
    return record.direction().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String outcome(CallRecord record) {
    Throwable failure = record.failure();
    return failure == null ? "ok" : record.outcome() + " (" + failure.getMessage() + ")";
  }

  private static String millis(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6);
  }
}
