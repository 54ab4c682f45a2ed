package io.backchannel.core.internal.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.jspecify.annotations.Nullable;

/**
 * The span a Micrometer Tracing handler made for an observation, whichever tracer bridges it.
 * Micrometer Tracing is an optional dependency: this class is loaded only once {@link
 * HandlerMdc#TRACING} says it is on the class path.
 */
final class TracerSpans {
  private TracerSpans() {}

  record Ids(String traceId, String spanId) {}

  static @Nullable Ids of(Observation.Context context) {
    TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
    Span span = tracing == null ? null : tracing.getSpan();
    if (span == null || span.isNoop()) {
      return null;
    }
    TraceContext ids = span.context();
    return new Ids(ids.traceId(), ids.spanId());
  }
}
