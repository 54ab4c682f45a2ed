package io.backchannel.core.internal.call;

import io.backchannel.core.observe.CallObserver;
import io.backchannel.core.observe.CallRecord;
import io.backchannel.core.observe.CallStart;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One call seen by the interceptor chain: {@link #end} tells its observers, in reverse order, once. */
public final class CallObservation {
  private static final Logger LOG = LoggerFactory.getLogger(CallObservation.class);

  /** For calls that no interceptor observes. */
  static final CallObservation NONE = new CallObservation(null, Ticker.SYSTEM, 0, new CallObserver[0]);

  private final @Nullable CallStart call;
  private final Ticker ticker;
  private final long startNanos;
  private final @Nullable CallObserver[] observers;
  private final AtomicBoolean ended = new AtomicBoolean();

  CallObservation(@Nullable CallStart call, Ticker ticker, long startNanos, @Nullable CallObserver[] observers) {
    this.call = call;
    this.ticker = ticker;
    this.startNanos = startNanos;
    this.observers = observers;
  }

  /** The call ended with {@code failure} (null for success); every call after the first is ignored. */
  public void end(@Nullable Throwable failure) {
    CallStart started = call;
    if (started == null || !ended.compareAndSet(false, true)) {
      return;
    }
    CallRecord record = new CallRecord(started.requestId(), started.direction(), started.route(), started.remoteNode(),
        Duration.ofNanos(ticker.nanoTime() - startNanos), failure);
    for (int i = observers.length - 1; i >= 0; i--) {
      CallObserver observer = observers[i];
      if (observer == null) {
        continue;
      }
      try {
        observer.onEnd(record);
      } catch (RuntimeException e) {
        LOG.warn("call observer {} threw on end of {}", observer, started.route(), e);
      }
    }
  }
}
