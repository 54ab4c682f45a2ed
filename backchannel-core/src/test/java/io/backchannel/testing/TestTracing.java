package io.backchannel.testing;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A real tracer for tests: Micrometer Tracing's OpenTelemetry bridge, W3C propagation, every span
 * sampled and kept in an {@link InMemorySpanExporter} as it ends (and handed to {@code also}, if
 * given), behind an {@link ObservationRegistry} a peer observes calls in.
 */
public final class TestTracing implements AutoCloseable {
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final SdkTracerProvider provider;
  private final OtelTracer tracer;
  private final ObservationRegistry registry = ObservationRegistry.create();

  public TestTracing() {
    this(null);
  }

  /** @param also another exporter told each span as it ends, or null */
  public TestTracing(@Nullable SpanExporter also) {
    var builder = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn())
        .addSpanProcessor(SimpleSpanProcessor.create(spans));
    if (also != null) {
      builder.addSpanProcessor(SimpleSpanProcessor.create(also));
    }
    provider = builder.build();
    io.opentelemetry.api.trace.Tracer otel = provider.get("backchannel-test");
    OtelCurrentTraceContext current = new OtelCurrentTraceContext();
    tracer = new OtelTracer(otel, current, event -> {}, new OtelBaggageManager(current, List.of(), List.of()));
    OtelPropagator propagator = new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel);
    registry.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
        new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
        new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
        new DefaultTracingObservationHandler(tracer)));
  }

  /** Where a peer observes its calls ({@code PeerBuilder.observations}). */
  public ObservationRegistry registry() {
    return registry;
  }

  public OtelTracer tracer() {
    return tracer;
  }

  /** The spans that ended so far. */
  public List<SpanData> spans() {
    return spans.getFinishedSpanItems();
  }

  @Override
  public void close() {
    provider.close();
  }
}
