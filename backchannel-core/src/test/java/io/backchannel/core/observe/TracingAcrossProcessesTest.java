package io.backchannel.core.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.core.Server;
import io.backchannel.core.node.Target;
import io.backchannel.testing.ChildPeer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.TestAuth;
import io.backchannel.testing.TestTracing;
import io.backchannel.testing.TracedSidecarMain;
import io.backchannel.testing.TracedSidecarMain.Forwarder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls between three nodes, each sidecar in its own JVM tracing with OpenTelemetry and printing its
 * finished spans, the hub in this one: every call is one trace with the right parent of each span.
 */
class TracingAcrossProcessesTest {
  private static final String ROOT = "0000000000000000";

  /** {@code SPAN <traceId> <spanId> <parentSpanId> <kind> <name> <request.id>}, as the children print it. */
  record PrintedSpan(String traceId, String spanId, String parentSpanId, String kind, String name, String requestId) {
    static Optional<PrintedSpan> find(ChildPeer child, Predicate<PrintedSpan> matching) {
      return child.output().stream().filter(line -> line.startsWith("SPAN ")).map(line -> line.split(" "))
          .map(words -> new PrintedSpan(words[1], words[2], words[3], words[4], words[5], words[6]))
          .filter(matching).findFirst();
    }

    static PrintedSpan await(ChildPeer child, Predicate<PrintedSpan> matching) {
      return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
          .until(() -> find(child, matching), Optional::isPresent).orElseThrow();
    }
  }

  private static @Nullable TestTracing hubTracing;
  private static @Nullable Peer hub;
  private static @Nullable ChildPeer caller;
  private static @Nullable ChildPeer callee;

  @BeforeAll
  static void start() {
    hubTracing = new TestTracing();
    Peer[] self = new Peer[1];
    hub = Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
        .observations(hubTracing.registry())
        .export(Forwarder.class, (nodeId, name) -> self[0].proxy(Greeter.class, Target.node(nodeId)).hello(name))
        .build();
    self[0] = hub;
    Server server = hub.listen("tcp://127.0.0.1:0");
    callee = ChildPeer.running(TracedSidecarMain.class, server.uri().toString(), "sidecar-2");
    caller = ChildPeer.running(TracedSidecarMain.class, server.uri().toString(), "sidecar-1");
    assertThat(callee.awaitReady()).isEqualTo("sidecar-2");
    assertThat(caller.awaitReady()).isEqualTo("sidecar-1");
    await().until(() -> hub.connection("sidecar-2").isPresent() && hub.connection("sidecar-1").isPresent());
  }

  @AfterAll
  static void stop() {
    if (caller != null) {
      caller.close();
    }
    if (callee != null) {
      callee.close();
    }
    if (hub != null) {
      hub.close();
    }
    if (hubTracing != null) {
      hubTracing.close();
    }
  }

  @Test
  void aRelayedCallIsOneTraceWithTheCalleesSpanAChildOfTheCallersAndNoSpanOnTheHub() {
    caller.send("call sidecar-2 ann");
    caller.awaitLine("RESULT hello ann from sidecar-2");

    PrintedSpan client = PrintedSpan.await(caller, span -> span.kind().equals("CLIENT") && span.name().equals("Greeter.hello"));
    PrintedSpan served = PrintedSpan.await(callee, span -> span.traceId().equals(client.traceId()));
    assertThat(served.kind()).isEqualTo("SERVER");
    assertThat(served.name()).isEqualTo("Greeter.hello");
    assertThat(served.parentSpanId()).isEqualTo(client.spanId());
    assertThat(client.parentSpanId()).as("the caller's span starts the trace").isEqualTo(ROOT);
    assertThat(served.requestId()).isEqualTo(client.requestId()).isNotEqualTo("-");
    // The hub forwarded the trace context and made no span of its own for the relayed call.
    assertThat(hubTracing.spans()).noneMatch(span -> span.getTraceId().equals(client.traceId()));
  }

  @Test
  void aCallTheHubMakesWhileServingOneIsPartOfTheSameTraceAcrossThreeNodes() {
    caller.send("forward sidecar-2 bo");
    caller.awaitLine("RESULT hello bo from sidecar-2");

    PrintedSpan client = PrintedSpan.await(caller, span -> span.kind().equals("CLIENT") && span.name().equals("Forwarder.forward"));
    SpanData hubServed = hubSpan(client.traceId(), SpanKind.SERVER);
    SpanData hubClient = hubSpan(client.traceId(), SpanKind.CLIENT);
    PrintedSpan served = PrintedSpan.await(callee, span -> span.traceId().equals(client.traceId()));
    assertThat(client.parentSpanId()).isEqualTo(ROOT);
    assertThat(hubServed.getName()).isEqualTo("Forwarder.forward");
    assertThat(hubServed.getParentSpanId()).isEqualTo(client.spanId());
    assertThat(hubClient.getName()).isEqualTo("Greeter.hello");
    assertThat(hubClient.getParentSpanId()).isEqualTo(hubServed.getSpanId());
    assertThat(served.name()).isEqualTo("Greeter.hello");
    assertThat(served.kind()).isEqualTo("SERVER");
    assertThat(served.parentSpanId()).isEqualTo(hubClient.getSpanId());
  }

  private static SpanData hubSpan(String traceId, SpanKind kind) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> hubTracing.spans().stream()
        .filter(span -> span.getTraceId().equals(traceId) && span.getKind() == kind).findFirst(), Optional::isPresent)
        .orElseThrow();
  }
}
