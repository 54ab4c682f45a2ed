package io.backchannel.core.internal.call;

import io.backchannel.core.internal.wire.AppMetadata;
import io.backchannel.core.observe.CallInterceptor;
import io.backchannel.core.observe.CallObserver;
import io.backchannel.core.observe.CallStart;
import io.backchannel.core.observe.Direction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer's interceptors, fixed at build time, that every call in either direction passes
 * through. Built-in {@link CallSink}s are told each end as plain fields; a {@link CallStart}, a
 * {@link io.backchannel.core.observe.CallRecord} and request metadata are made only when an
 * application interceptor is there to see them.
 */
public final class InterceptorChain {
  private static final Logger LOG = LoggerFactory.getLogger(InterceptorChain.class);

  private final CallInterceptor[] interceptors;
  private final CallSink[] sinks;
  private final Ticker ticker;

  /**
   * @param interceptors in order; the {@link CallSink}s among them must come first (they end last)
   * @param ticker the clock call durations are read from
   */
  public InterceptorChain(List<CallInterceptor> interceptors, Ticker ticker) {
    this.sinks = interceptors.stream().filter(CallSink.class::isInstance).map(CallSink.class::cast)
        .toArray(CallSink[]::new);
    this.interceptors = interceptors.stream().filter(interceptor -> !(interceptor instanceof CallSink))
        .toArray(CallInterceptor[]::new);
    this.ticker = ticker;
  }

  /** The metadata an outbound call's interceptors may fill: writable only when some can see it. */
  public AppMetadata outboundMetadata() {
    return interceptors.length == 0 ? AppMetadata.none() : AppMetadata.outbound();
  }

  /**
   * Shows a starting call to every interceptor.
   *
   * @param deadlineNanos the absolute {@link Ticker} deadline, or {@link Long#MAX_VALUE}
   * @param metadata the request's application entries: {@link #outboundMetadata()} for an outbound
   *     call, what the request carried for an inbound one
   */
  public CallObservation start(
      Direction direction, String route, String remoteNode, String requestId, long deadlineNanos, AppMetadata metadata) {
    long startNanos = ticker.nanoTime();
    @Nullable CallObserver[] observers = null;
    if (interceptors.length > 0) {
      Duration left = deadlineNanos == Long.MAX_VALUE ? null : Duration.ofNanos(Math.max(0, deadlineNanos - startNanos));
      CallStart call = new CallStart(direction, route, remoteNode, requestId, left, metadata);
      observers = new CallObserver[interceptors.length];
      for (int i = 0; i < interceptors.length; i++) {
        try {
          observers[i] = interceptors[i].onStart(call);
        } catch (RuntimeException e) {
          LOG.warn("call interceptor {} threw on start of {}", interceptors[i], route, e);
        }
      }
    }
    return new CallObservation(direction, route, remoteNode, requestId, ticker, startNanos, observers, sinks);
  }

  /** Starts and at once ends a call refused before it had a deadline or metadata. */
  public void refused(Direction direction, String route, String remoteNode, String requestId, Throwable failure) {
    start(direction, route, remoteNode, requestId, Long.MAX_VALUE, AppMetadata.inbound(Map.of())).end(failure);
  }
}
