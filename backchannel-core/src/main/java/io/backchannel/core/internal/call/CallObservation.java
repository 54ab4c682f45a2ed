package io.backchannel.core.internal.call;

import io.backchannel.core.observe.CallObserver;
import io.backchannel.core.observe.CallRecord;
import io.backchannel.core.observe.Direction;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call seen by the interceptor chain: {@link #end} tells its observers, then the built-in
 * sinks, in reverse order of the chain, exactly once.
 */
public final class CallObservation {
  private static final Logger LOG = LoggerFactory.getLogger(CallObservation.class);
  private static final AtomicIntegerFieldUpdater<CallObservation> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(CallObservation.class, "ended");

  private final Direction direction;
  private final String route;
  private final String remoteNode;
  private final String requestId;
  private final Ticker ticker;
  private final long startNanos;
  private final @Nullable CallObserver @Nullable [] observers;
  private final CallSink[] sinks;
  private volatile int ended;

  CallObservation(Direction direction, String route, String remoteNode, String requestId, Ticker ticker,
      long startNanos, @Nullable CallObserver @Nullable [] observers, CallSink[] sinks) {
    this.direction = direction;
    this.route = route;
    this.remoteNode = remoteNode;
    this.requestId = requestId;
    this.ticker = ticker;
    this.startNanos = startNanos;
    this.observers = observers;
    this.sinks = sinks;
  }

  /** The call ended with {@code failure} (null for success); every call after the first is ignored. */
  public void end(@Nullable Throwable failure) {
    if (!ENDED.compareAndSet(this, 0, 1)) {
      return;
    }
    long nanos = ticker.nanoTime() - startNanos;
    @Nullable CallObserver[] seeing = observers;
    if (seeing != null) {
      CallRecord record = new CallRecord(requestId, direction, route, remoteNode, Duration.ofNanos(nanos), failure);
      for (int i = seeing.length - 1; i >= 0; i--) {
        CallObserver observer = seeing[i];
        if (observer == null) {
          continue;
        }
        try {
          observer.onEnd(record);
        } catch (RuntimeException e) {
          LOG.warn("call observer {} threw on end of {}", observer, route, e);
        }
      }
    }
    for (int i = sinks.length - 1; i >= 0; i--) {
      try {
        sinks[i].finished(direction, route, remoteNode, requestId, nanos, failure);
      } catch (RuntimeException e) {
        LOG.warn("call sink {} threw on end of {}", sinks[i], route, e);
      }
    }
  }
}
