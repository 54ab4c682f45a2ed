package io.backchannel.core.internal.call;

import io.backchannel.core.observe.CallInterceptor;
import io.backchannel.core.observe.CallMetadata;
import io.backchannel.core.observe.CallObserver;
import io.backchannel.core.observe.CallStart;
import io.backchannel.core.observe.Direction;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer's interceptors, fixed at build time, that every call in either direction passes
 * through. With no interceptor a call costs one shared {@link CallObservation#NONE}.
 */
public final class InterceptorChain {
  private static final Logger LOG = LoggerFactory.getLogger(InterceptorChain.class);

  private final CallInterceptor[] interceptors;
  private final Ticker ticker;

  /** @param ticker the clock call durations are read from */
  public InterceptorChain(List<CallInterceptor> interceptors, Ticker ticker) {
    this.interceptors = interceptors.toArray(CallInterceptor[]::new);
    this.ticker = ticker;
  }

  /**
   * Shows a starting call to every interceptor.
   *
   * @param deadlineNanos the absolute {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE}
   */
  public CallObservation start(
      Direction direction, String route, String remoteNode, String requestId, long deadlineNanos, CallMetadata metadata) {
    if (interceptors.length == 0) {
      return CallObservation.NONE;
    }
    long startNanos = ticker.nanoTime();
    Duration left = deadlineNanos == Long.MAX_VALUE ? null : Duration.ofNanos(Math.max(0, deadlineNanos - startNanos));
    CallStart call = new CallStart(direction, route, remoteNode, requestId, left, metadata);
    @Nullable CallObserver[] observers = new CallObserver[interceptors.length];
    for (int i = 0; i < interceptors.length; i++) {
      try {
        observers[i] = interceptors[i].onStart(call);
      } catch (RuntimeException e) {
        LOG.warn("call interceptor {} threw on start of {}", interceptors[i], route, e);
      }
    }
    return new CallObservation(call, ticker, startNanos, observers);
  }
}
