package io.backchannel.core.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.core.Server;
import io.backchannel.testing.ChildPeer;
import io.backchannel.testing.TestAuth;
import io.backchannel.testing.TestTracing;
import io.backchannel.testing.TracedSidecarMain;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One call from a sidecar to another, relayed by the hub, each sidecar in its own JVM tracing with
 * OpenTelemetry and printing its finished spans: one trace, and the callee's server span a child of
 * the caller's client span (the hub adds no span and relays the trace entries untouched).
 */
class TracingAcrossProcessesTest {
  /** {@code SPAN <traceId> <spanId> <parentSpanId> <kind> <name> <request.id>}, as the children print it. */
  record PrintedSpan(String traceId, String spanId, String parentSpanId, String kind, String name, String requestId) {
    static Optional<PrintedSpan> find(ChildPeer child, String kind, String name) {
      return child.output().stream().filter(line -> line.startsWith("SPAN ")).map(line -> line.split(" "))
          .map(words -> new PrintedSpan(words[1], words[2], words[3], words[4], words[5], words[6]))
          .filter(span -> span.kind().equals(kind) && span.name().equals(name)).findFirst();
    }
  }

  @Test
  void aRelayedCallBetweenTwoProcessesIsOneTraceWithTheServerSpanAChildOfTheClientSpan() {
    try (TestTracing hubTracing = new TestTracing();
        Peer hub = Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
            .observations(hubTracing.registry()).build();
        Server server = hub.listen("tcp://127.0.0.1:0");
        ChildPeer callee = ChildPeer.running(TracedSidecarMain.class, server.uri().toString(), "sidecar-2");
        ChildPeer caller = ChildPeer.running(TracedSidecarMain.class, server.uri().toString(), "sidecar-1")) {
      assertThat(callee.awaitReady()).isEqualTo("sidecar-2");
      assertThat(caller.awaitReady()).isEqualTo("sidecar-1");
      await().until(() -> hub.connection("sidecar-2").isPresent() && hub.connection("sidecar-1").isPresent());

      caller.send("call sidecar-2 ann");
      caller.awaitLine("RESULT hello ann from sidecar-2");

      await().atMost(Duration.ofSeconds(30))
          .until(() -> PrintedSpan.find(caller, "CLIENT", "Greeter.hello").isPresent()
              && PrintedSpan.find(callee, "SERVER", "Greeter.hello").isPresent());
      PrintedSpan client = PrintedSpan.find(caller, "CLIENT", "Greeter.hello").orElseThrow();
      PrintedSpan served = PrintedSpan.find(callee, "SERVER", "Greeter.hello").orElseThrow();
      assertThat(served.traceId()).isEqualTo(client.traceId());
      assertThat(served.parentSpanId()).isEqualTo(client.spanId());
      assertThat(client.parentSpanId()).as("the caller's span starts the trace").isEqualTo("0000000000000000");
      assertThat(served.requestId()).isEqualTo(client.requestId()).isNotEqualTo("-");
      // The hub forwarded the trace context and made no span of its own for the relayed call.
      assertThat(hubTracing.spans()).noneMatch(span -> span.getTraceId().equals(client.traceId()));
      assertThat(List.of(client.spanId(), served.spanId())).doesNotHaveDuplicates();
    }
  }
}
