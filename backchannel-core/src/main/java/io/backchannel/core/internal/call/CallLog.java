package io.backchannel.core.internal.call;

import io.backchannel.core.observe.CallInterceptor;
import io.backchannel.core.observe.CallObserver;
import io.backchannel.core.observe.CallRecord;
import io.backchannel.core.observe.CallStart;
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
public final class CallLog implements CallInterceptor, CallObserver {
  private static final Logger LOG = LoggerFactory.getLogger("io.backchannel.calls");

  private final Duration slowThreshold;
  private final @Nullable SlowCallListener listener;

  public CallLog(Duration slowThreshold, @Nullable SlowCallListener listener) {
    this.slowThreshold = slowThreshold;
    this.listener = listener;
  }

  @Override
  public CallObserver onStart(CallStart call) {
    return this;
  }

  @Override
  public void onEnd(CallRecord record) {
    boolean slow = record.duration().compareTo(slowThreshold) >= 0;
    if (!slow && !LOG.isDebugEnabled()) {
      return;
    }
    try (MDC.MDCCloseable ignored = MDC.putCloseable("requestId", record.requestId())) {
      if (slow) {
        LOG.warn("slow call {} {} {} node={} took {} ms (threshold {} ms) outcome={}",
            record.requestId(), direction(record), record.route(), record.remoteNode(),
            millis(record.duration()), slowThreshold.toMillis(), outcome(record));
      } else {
        LOG.debug("{} {} {} node={} {} ms outcome={}", record.requestId(), direction(record), record.route(),
            record.remoteNode(), millis(record.duration()), outcome(record));
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

  private static String millis(Duration duration) {
    return String.format(Locale.ROOT, "%.3f", duration.toNanos() / 1e6);
  }
}
