package io.backchannel.core.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.RemoteService;
import io.backchannel.core.Peer;
import io.backchannel.core.node.Target;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The observations' names and key values, read from an {@link ObservationRegistry} with no tracer in
 * it, and what propagates when no tracer is there.
 */
class ObservationConventionTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

  /** The MDC a handler sees. */
  @RemoteService
  public interface MdcProbe {
    /** The MDC's traceId, {@code "null"} if none. */
    String traceId();
  }

  /** Keeps every stopped observation's context. */
  private static final class Stopped implements ObservationHandler<Observation.Context> {
    final List<Observation.Context> contexts = new CopyOnWriteArrayList<>();

    @Override
    public void onStop(Observation.Context context) {
      contexts.add(context);
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }

    Observation.Context await(String name) {
      return org.awaitility.Awaitility.await().until(
          () -> contexts.stream().filter(context -> name.equals(context.getName())).findFirst(), java.util.Optional::isPresent)
          .orElseThrow();
    }
  }

  private final Stopped stopped = new Stopped();
  private final ObservationRegistry registry = ObservationRegistry.create();
  private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
  private @Nullable Peer console;
  private @Nullable Peer sidecar;

  {
    registry.observationConfig().observationHandler(stopped);
  }

  @AfterEach
  void close() {
    if (sidecar != null) {
      sidecar.close();
    }
    if (console != null) {
      console.close();
    }
  }

  /** A console and a sidecar; the console's outbound calls get {@code outbound}'s entries, if any. */
  private void start(boolean consoleObserves, boolean sidecarObserves, @Nullable CallInterceptor outbound) {
    var consoleBuilder = Peer.builder().nodeId("console").role("console").authenticator(TestAuth.authenticator());
    if (consoleObserves) {
      consoleBuilder.observations(registry);
    }
    if (outbound != null) {
      consoleBuilder.interceptor(outbound);
    }
    console = consoleBuilder.build();
    var sidecarBuilder = Peer.builder().nodeId("sidecar-1").credential(TestAuth.token("default", "sidecar-1", "sidecar"))
        .export(Greeter.class, new GreeterImpl("sidecar-1"))
        .export(MdcProbe.class, () -> String.valueOf(MDC.get("traceId")))
        .interceptor(call -> {
          received.add(call.metadata().entries());
          return null;
        });
    if (sidecarObserves) {
      sidecarBuilder.observations(registry);
    }
    sidecar = sidecarBuilder.build();
    sidecar.dial(console.listen("tcp://127.0.0.1:0").uri().toString());
    await().until(() -> console.connection("sidecar-1").isPresent());
  }

  @Test
  void eachSideIsOneObservationTaggedOnlyWithRouteOutcomeAndRemoteRole() {
    start(true, true, null);
    assertThat(console.proxy(Greeter.class, Target.node("sidecar-1")).hello("ann")).isEqualTo("hello ann from sidecar-1");

    Observation.Context client = stopped.await(DefaultBackchannelClientObservationConvention.NAME);
    Observation.Context served = stopped.await(DefaultBackchannelServerObservationConvention.NAME);
    assertThat(client).isInstanceOf(BackchannelSenderContext.class);
    assertThat(served).isInstanceOf(BackchannelReceiverContext.class);
    assertThat(client.getContextualName()).isEqualTo("Greeter.hello");
    assertThat(keys(client.getLowCardinalityKeyValues()))
        .containsExactlyInAnyOrderEntriesOf(Map.of("route", "Greeter.hello", "outcome", "ok", "remote.role", "sidecar"));
    assertThat(keys(served.getLowCardinalityKeyValues()))
        .containsExactlyInAnyOrderEntriesOf(Map.of("route", "Greeter.hello", "outcome", "ok", "remote.role", "console"));
    String requestId = ((BackchannelSenderContext) client).call().requestId();
    assertThat(keys(client.getHighCardinalityKeyValues()))
        .containsExactlyInAnyOrderEntriesOf(Map.of("request.id", requestId, "remote.node", "sidecar-1"));
    assertThat(keys(served.getHighCardinalityKeyValues()))
        .containsExactlyInAnyOrderEntriesOf(Map.of("request.id", requestId, "remote.node", "console"));
  }

  @Test
  void aFailureIsTheOutcomeAndTheObservationsError() {
    start(true, true, null);
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> console.proxy(Greeter.class, Target.node("sidecar-1")).failUnchecked("no"));

    Observation.Context client = stopped.await(DefaultBackchannelClientObservationConvention.NAME);
    Observation.Context served = stopped.await(DefaultBackchannelServerObservationConvention.NAME);
    assertThat(keys(client.getLowCardinalityKeyValues())).containsEntry("outcome", "RemoteException");
    assertThat(keys(served.getLowCardinalityKeyValues())).containsEntry("outcome", "IllegalArgumentException");
    assertThat(client.getError()).isNotNull();
    assertThat(served.getError()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aConventionOfTheApplicationNamesAndTagsTheObservations() {
    console = Peer.builder().nodeId("console").authenticator(TestAuth.authenticator()).observations(registry)
        .observationConventions(new DefaultBackchannelClientObservationConvention() {
          @Override
          public String getName() {
            return "rpc.out";
          }

          @Override
          public KeyValues getLowCardinalityKeyValues(BackchannelSenderContext context) {
            return super.getLowCardinalityKeyValues(context).and("zone", "a");
          }
        }, new DefaultBackchannelServerObservationConvention())
        .build();
    sidecar = Peer.builder().nodeId("sidecar-1").credential(TestAuth.token("sidecar-1"))
        .export(Greeter.class, new GreeterImpl("sidecar-1")).build();
    sidecar.dial(console.listen("tcp://127.0.0.1:0").uri().toString());
    await().until(() -> console.connection("sidecar-1").isPresent());

    console.proxy(Greeter.class, Target.node("sidecar-1")).hello("bo");

    assertThat(keys(stopped.await("rpc.out").getLowCardinalityKeyValues())).containsEntry("zone", "a").containsEntry("route", "Greeter.hello");
  }

  @Test
  void withoutATracerNoTraceContextIsInventedAndTheHandlerHasNoTraceId() {
    start(true, true, null);
    assertThat(console.proxy(MdcProbe.class, Target.node("sidecar-1")).traceId()).isEqualTo("null");

    assertThat(received).singleElement().satisfies(entries -> assertThat(entries.keySet())
        .noneMatch(mime -> mime.startsWith(TraceMetadata.PREFIX)));
  }

  @Test
  void withoutATracerTheHandlersMdcCarriesTheCallersTraceId() {
    start(false, true, call -> {
      call.metadata().put(TraceMetadata.TRACEPARENT, TRACEPARENT);
      return null;
    });
    assertThat(console.proxy(MdcProbe.class, Target.node("sidecar-1")).traceId()).isEqualTo(TRACE_ID);
    assertThat(received).singleElement().satisfies(entries -> assertThat(entries).containsEntry(TraceMetadata.TRACEPARENT, TRACEPARENT));
  }

  @Test
  void aPeerWithoutObservationsPutsNoTraceIdInTheMdc() {
    start(false, false, call -> {
      call.metadata().put(TraceMetadata.TRACEPARENT, TRACEPARENT);
      return null;
    });
    assertThat(console.proxy(MdcProbe.class, Target.node("sidecar-1")).traceId()).isEqualTo("null");
    assertThat(stopped.contexts).isEmpty();
  }

  @Test
  void aTraceparentIsReadOnlyWhenWellFormed() {
    assertThat(TraceMetadata.traceId(metadata(TRACEPARENT))).isEqualTo(TRACE_ID);
    assertThat(TraceMetadata.traceId(metadata("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01"))).isNull();
    assertThat(TraceMetadata.traceId(metadata("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"))).isNull();
    assertThat(TraceMetadata.traceId(metadata("garbage"))).isNull();
    assertThat(TraceMetadata.mimeType("X-B3-TraceId")).isEqualTo("message/x.backchannel.trace.x-b3-traceid");
  }

  private static CallMetadata metadata(String traceparent) {
    return io.backchannel.core.internal.wire.AppMetadata.inbound(Map.of(TraceMetadata.TRACEPARENT, traceparent));
  }

  private static Map<String, String> keys(KeyValues values) {
    return values.stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
  }
}
