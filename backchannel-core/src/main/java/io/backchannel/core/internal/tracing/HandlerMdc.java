package io.backchannel.core.internal.tracing;

import io.backchannel.core.internal.call.ScopedObserver;
import io.backchannel.core.observe.CallStart;
import io.backchannel.core.observe.TraceMetadata;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Puts a served call's {@code traceId} and {@code spanId} (the keys Micrometer Tracing's own MDC
 * integration uses) in the handler thread's MDC, and restores what was there after. The ids are the
 * server span's when a Micrometer Tracing tracer observes the call; without one, the trace id is
 * the caller's, from the request's {@code traceparent} entry, so logs still join the caller's trace.
 */
final class HandlerMdc {
  static final String TRACE_ID = "traceId";
  static final String SPAN_ID = "spanId";
  /** Whether Micrometer Tracing, an optional dependency, is on the class path. */
  static final boolean TRACING = present("io.micrometer.tracing.handler.TracingObservationHandler");

  private final Observation observation;
  private final CallStart call;

  HandlerMdc(Observation observation, CallStart call) {
    this.observation = observation;
    this.call = call;
  }

  /** Puts the ids; the scope puts back what the MDC held before. */
  ScopedObserver.Scope put() {
    String traceId = null;
    String spanId = null;
    if (TRACING) {
      TracerSpans.Ids ids = TracerSpans.of(observation.getContext());
      if (ids != null) {
        traceId = ids.traceId();
        spanId = ids.spanId();
      }
    }
    if (traceId == null) {
      traceId = TraceMetadata.traceId(call.metadata());
    }
    if (traceId == null) {
      return ScopedObserver.Scope.NONE;
    }
    String previousTrace = MDC.get(TRACE_ID);
    MDC.put(TRACE_ID, traceId);
    if (spanId == null) {
      return () -> restore(TRACE_ID, previousTrace);
    }
    String previousSpan = MDC.get(SPAN_ID);
    MDC.put(SPAN_ID, spanId);
    return () -> {
      restore(TRACE_ID, previousTrace);
      restore(SPAN_ID, previousSpan);
    };
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, HandlerMdc.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static void restore(String key, @Nullable String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }
}
