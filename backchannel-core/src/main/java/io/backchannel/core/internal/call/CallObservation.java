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

  /**
   * Opens, on the handler's thread, the scopes of the observers that have one ({@link
   * ScopedObserver}); closing the result closes them in reverse order. Without such observers it
   * opens nothing and allocates nothing.
   */
  public ScopedObserver.Scope openScope() {
    @Nullable CallObserver[] seeing = observers;
    if (seeing == null) {
      return ScopedObserver.Scope.NONE;
    }
    ScopedObserver.Scope opened = ScopedObserver.Scope.NONE;
    for (CallObserver observer : seeing) {
      if (observer instanceof ScopedObserver scoped) {
        ScopedObserver.Scope inner;
        try {
          inner = scoped.openScope();
        } catch (RuntimeException e) {
          LOG.warn("call observer {} threw opening its scope for {}", observer, route, e);
          continue;
        }
        ScopedObserver.Scope outer = opened;
        opened = outer == ScopedObserver.Scope.NONE ? inner : () -> {
          closeQuietly(inner);
          closeQuietly(outer);
        };
      }
    }
    return opened;
  }

  private void closeQuietly(ScopedObserver.Scope scope) {
    try {
      scope.close();
    } catch (RuntimeException e) {
      LOG.warn("a call observer's scope threw on close for {}", route, e);
    }
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
