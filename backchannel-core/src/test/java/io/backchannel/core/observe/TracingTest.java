package io.backchannel.core.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.RemoteService;
import io.backchannel.core.CallContext;
import io.backchannel.core.Peer;
import io.backchannel.core.node.Target;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.GreetingException;
import io.backchannel.testing.TestAuth;
import io.backchannel.testing.TestTracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Calls traced end to end through Micrometer Tracing's OpenTelemetry bridge, two peers in this JVM. */
class TracingTest {
  /** What a handler sees of its own call. */
  @RemoteService
  public interface Probe {
    /** The MDC's requestId, traceId and spanId, and the call's request id. */
    List<String> mdc();

    /** Calls the console's {@link Greeter} from inside this handler. */
    String nested(String name);
  }

  private final TestTracing tracing = new TestTracing();
  private @Nullable Peer console;
  private @Nullable Peer sidecar;

  @BeforeEach
  void start() {
    console = Peer.builder().nodeId("console").role("console").authenticator(TestAuth.authenticator())
        .observations(tracing.registry())
        .export(Greeter.class, new GreeterImpl("console"))
        .build();
    Peer[] self = new Peer[1];
    sidecar = Peer.builder().nodeId("sidecar-1").credential(TestAuth.token("default", "sidecar-1", "sidecar"))
        .observations(tracing.registry())
        .export(Greeter.class, new GreeterImpl("sidecar-1"))
        .export(Probe.class, new Probe() {
          @Override
          public List<String> mdc() {
            List<String> seen = new ArrayList<>();
            seen.add(String.valueOf(MDC.get("requestId")));
            seen.add(String.valueOf(MDC.get("traceId")));
            seen.add(String.valueOf(MDC.get("spanId")));
            seen.add(CallContext.current().orElseThrow().requestId());
            return seen;
          }

          @Override
          public String nested(String name) {
            return self[0].proxy(Greeter.class, Target.node("console")).hello(name);
          }
        })
        .build();
    self[0] = sidecar;
    sidecar.dial(console.listen("tcp://127.0.0.1:0").uri().toString());
    await().until(() -> console.connection("sidecar-1").isPresent());
  }

  @AfterEach
  void close() {
    if (sidecar != null) {
      sidecar.close();
    }
    if (console != null) {
      console.close();
    }
    tracing.close();
  }

  @Test
  void aCallIsAClientSpanAndAServerSpanOfOneTraceTaggedWithRouteOutcomeAndRemoteRole() {
    assertThat(console.proxy(Greeter.class, Target.node("sidecar-1")).hello("ann")).isEqualTo("hello ann from sidecar-1");

    SpanData client = await().until(() -> span(SpanKind.CLIENT, "Greeter.hello"), Optional::isPresent).orElseThrow();
    SpanData served = await().until(() -> span(SpanKind.SERVER, "Greeter.hello"), Optional::isPresent).orElseThrow();
    assertThat(served.getTraceId()).isEqualTo(client.getTraceId());
    assertThat(served.getParentSpanId()).isEqualTo(client.getSpanId());
    assertThat(client.getParentSpanContext().isValid()).isFalse();
    assertThat(attribute(client, "route")).isEqualTo("Greeter.hello");
    assertThat(attribute(client, "outcome")).isEqualTo("ok");
    assertThat(attribute(client, "remote.role")).isEqualTo("sidecar");
    assertThat(attribute(client, "remote.node")).isEqualTo("sidecar-1");
    assertThat(attribute(served, "remote.role")).isEqualTo("console");
    assertThat(attribute(served, "remote.node")).isEqualTo("console");
    assertThat(attribute(served, "request.id")).isEqualTo(attribute(client, "request.id")).isNotNull();
  }

  @Test
  void aFailedCallIsTaggedWithItsOutcomeAndMarkedAsAnErrorOnBothSides() {
    assertThatThrownBy(() -> console.proxy(Greeter.class, Target.node("sidecar-1")).fail("no"))
        .isInstanceOf(GreetingException.class);

    SpanData client = await().until(() -> span(SpanKind.CLIENT, "Greeter.fail"), Optional::isPresent).orElseThrow();
    SpanData served = await().until(() -> span(SpanKind.SERVER, "Greeter.fail"), Optional::isPresent).orElseThrow();
    assertThat(attribute(client, "outcome")).isEqualTo("GreetingException");
    assertThat(attribute(served, "outcome")).isEqualTo("GreetingException");
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(served.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void theHandlerSeesTheRequestIdAndTheTraceIdOfItsCallInTheMdc() {
    List<String> seen = console.proxy(Probe.class, Target.node("sidecar-1")).mdc();

    SpanData served = await().until(() -> span(SpanKind.SERVER, "Probe.mdc"), Optional::isPresent).orElseThrow();
    assertThat(seen.get(0)).isEqualTo(seen.get(3)).isEqualTo(attribute(served, "request.id"));
    assertThat(seen.get(1)).isEqualTo(served.getTraceId());
    assertThat(seen.get(2)).isEqualTo(served.getSpanId());
  }

  @Test
  void aCallMadeInsideAHandlerIsAChildOfTheCallItServes() {
    assertThat(console.proxy(Probe.class, Target.node("sidecar-1")).nested("bo")).isEqualTo("hello bo from console");

    SpanData outer = await().until(() -> span(SpanKind.SERVER, "Probe.nested"), Optional::isPresent).orElseThrow();
    SpanData inner = await().until(() -> span(SpanKind.CLIENT, "Greeter.hello"), Optional::isPresent).orElseThrow();
    SpanData innerServed = await().until(() -> span(SpanKind.SERVER, "Greeter.hello"), Optional::isPresent).orElseThrow();
    assertThat(inner.getTraceId()).isEqualTo(outer.getTraceId()).isEqualTo(innerServed.getTraceId());
    assertThat(inner.getParentSpanId()).isEqualTo(outer.getSpanId());
    assertThat(innerServed.getParentSpanId()).isEqualTo(inner.getSpanId());
  }

  @Test
  void aHubWithoutObservationsRelaysTheTraceContextSoTheCalleesSpanIsAChildOfTheCallersSpan() {
    try (Peer other = Peer.builder().nodeId("sidecar-2").credential(TestAuth.token("sidecar-2")).hub("console")
        .observations(tracing.registry()).build();
        Peer hub = Peer.builder().nodeId("console").authenticator(TestAuth.authenticator()).build()) {
      String uri = hub.listen("tcp://127.0.0.1:0").uri().toString();
      Peer callee = Peer.builder().nodeId("sidecar-3").credential(TestAuth.token("sidecar-3")).hub("console")
          .observations(tracing.registry()).export(Greeter.class, new GreeterImpl("sidecar-3")).build();
      try (callee) {
        callee.dial(uri);
        other.dial(uri);
        await().until(() -> hub.connection("sidecar-3").isPresent() && hub.connection("sidecar-2").isPresent());

        assertThat(other.proxy(Greeter.class, Target.node("sidecar-3")).hello("cy")).isEqualTo("hello cy from sidecar-3");

        SpanData client = await().until(() -> span(SpanKind.CLIENT, "Greeter.hello"), Optional::isPresent).orElseThrow();
        SpanData served = await().until(() -> span(SpanKind.SERVER, "Greeter.hello"), Optional::isPresent).orElseThrow();
        assertThat(served.getTraceId()).isEqualTo(client.getTraceId());
        assertThat(served.getParentSpanId()).isEqualTo(client.getSpanId());
        // Neither side is connected to the other: the hub stands between them.
        assertThat(attribute(client, "remote.role")).isEqualTo("unknown");
        assertThat(attribute(served, "remote.node")).isEqualTo("sidecar-2");
      }
    }
  }

  private Optional<SpanData> span(SpanKind kind, String name) {
    return tracing.spans().stream().filter(span -> span.getKind() == kind && span.getName().equals(name)).findFirst();
  }

  private static @Nullable String attribute(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(Objects.requireNonNull(key)));
  }
}
