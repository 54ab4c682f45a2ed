package io.backchannel.core.internal.call;

import io.backchannel.core.observe.CallRecord;
import io.backchannel.core.observe.Direction;
import io.backchannel.core.observe.SlowCallListener;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The log aspect, a built-in interceptor: one line per finished call and direction, at DEBUG, or at
 * WARN past the slow threshold (which also tells the {@link SlowCallListener}). Each side logs a
 * call exactly once, here, so failures are not logged again at every layer.
 */
public final class CallLog implements CallSink {
  private static final Logger LOG = LoggerFactory.getLogger("io.backchannel.calls");

  private final Duration slowThreshold;
  private final long slowThresholdNanos;
  private final @Nullable SlowCallListener listener;

  public CallLog(Duration slowThreshold, @Nullable SlowCallListener listener) {
    this.slowThreshold = slowThreshold;
    this.slowThresholdNanos = slowThreshold.toNanos();
    this.listener = listener;
  }

  @Override
  public void finished(Direction direction, String route, String remoteNode, String requestId, long nanos,
      @Nullable Throwable failure) {
    boolean slow = nanos >= slowThresholdNanos;
    if (!slow && !LOG.isDebugEnabled()) {
      return; // the common case: nothing built, nothing logged
    }
    CallRecord record = CallSink.record(direction, route, remoteNode, requestId, nanos, failure);
    try (MDC.MDCCloseable ignored = MDC.putCloseable("requestId", requestId)) {
      if (slow) {
        LOG.warn("slow call {} {} {} node={} took {} ms (threshold {} ms) outcome={}",
            requestId, direction(record), route, remoteNode, millis(nanos), slowThreshold.toMillis(), outcome(record));
      } else {
        LOG.debug("{} {} {} node={} {} ms outcome={}", requestId, direction(record), route, remoteNode, millis(nanos),
            outcome(record));
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
    return record.direction().name().toLowerCase(Locale.ROOT);
  }

  private static String outcome(CallRecord record) {
    Throwable failure = record.failure();
    return failure == null ? "ok" : record.outcome() + " (" + failure.getMessage() + ")";
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }
}
