package io.backchannel.core.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.UnknownRouteException;
import io.backchannel.core.Peer;
import io.backchannel.core.node.Target;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import io.backchannel.testing.Unexported;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InterceptorTest {
  private static final String TRACE = "text/x.test-trace";

  private final List<CallStart> consoleStarts = new CopyOnWriteArrayList<>();
  private final List<CallRecord> consoleEnds = new CopyOnWriteArrayList<>();
  private final List<CallStart> sidecarStarts = new CopyOnWriteArrayList<>();
  private final Map<String, String> seenTrace = new ConcurrentHashMap<>();
  private @Nullable Peer console;
  private @Nullable Peer sidecar;

  @BeforeEach
  void start() {
    console = Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
        .interceptor(call -> {
          consoleStarts.add(call);
          if (call.direction() == Direction.OUTBOUND) {
            call.metadata().put(TRACE, "trace-of-" + call.requestId());
          }
          return consoleEnds::add;
        })
        .build();
    sidecar = Peer.builder().nodeId("sidecar-1").credential(TestAuth.token("sidecar-1")).hub("console")
        .export(Greeter.class, new GreeterImpl("sidecar-1"))
        .interceptor(call -> {
          sidecarStarts.add(call);
          String trace = call.metadata().get(TRACE);
          if (trace != null) {
            seenTrace.put(call.requestId(), trace);
          }
          return null;
        })
        .build();
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
  }

  @Test
  void anInterceptorSeesTheCallOnBothSidesAndCarriesMetadataAcross() {
    assertThat(console.proxy(Greeter.class, Target.node("sidecar-1")).hello("ann")).isEqualTo("hello ann from sidecar-1");

    CallStart outbound = consoleStarts.getFirst();
    assertThat(outbound.direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(outbound.route()).isEqualTo("Greeter.hello");
    assertThat(outbound.remoteNode()).isEqualTo("sidecar-1");
    assertThat(outbound.deadline()).isNotNull().isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
    await().until(() -> !sidecarStarts.isEmpty());
    CallStart inbound = sidecarStarts.getFirst();
    assertThat(inbound.direction()).isEqualTo(Direction.INBOUND);
    assertThat(inbound.route()).isEqualTo("Greeter.hello");
    assertThat(inbound.remoteNode()).isEqualTo("console");
    assertThat(inbound.requestId()).isEqualTo(outbound.requestId());
    assertThat(seenTrace).containsEntry(outbound.requestId(), "trace-of-" + outbound.requestId());
    await().until(() -> !consoleEnds.isEmpty());
    assertThat(consoleEnds.getFirst().outcome()).isEqualTo("ok");
    assertThat(consoleEnds.getFirst().requestId()).isEqualTo(outbound.requestId());
  }

  @Test
  void theOutcomeOfAFailedCallIsObservedOnce() {
    assertThatThrownBy(() -> console.proxy(Unexported.class, Target.node("sidecar-1")).nothing())
        .isInstanceOf(UnknownRouteException.class);
    await().until(() -> !consoleEnds.isEmpty());
    assertThat(consoleEnds).singleElement().satisfies(end -> {
      assertThat(end.outcome()).isEqualTo("UnknownRouteException");
      assertThat(end.direction()).isEqualTo(Direction.OUTBOUND);
    });
  }

  @Test
  void inboundMetadataIsReadOnlyAndBackchannelEntriesAreReserved() {
    Peer probe = Peer.builder().nodeId("probe").interceptor(call -> {
      assertThatThrownBy(() -> call.metadata().put("application/x.backchannel.deadline", "1"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> call.metadata().put("not a mime type", "1")).isInstanceOf(IllegalArgumentException.class);
      return null;
    }).credential(TestAuth.token("probe")).hub("console").build();
    try (probe) {
      probe.dial(console.listen("tcp://127.0.0.1:0").uri().toString());
      assertThat(probe.proxy(Greeter.class, Target.node("sidecar-1")).hello("bo")).isEqualTo("hello bo from sidecar-1");
    }
    await().until(() -> sidecarStarts.stream().anyMatch(call -> call.remoteNode().equals("probe")));
    CallStart relayed = sidecarStarts.stream().filter(call -> call.remoteNode().equals("probe")).findFirst().orElseThrow();
    assertThatThrownBy(() -> relayed.metadata().put(TRACE, "x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void anInterceptorThatThrowsDoesNotFailTheCall() {
    try (Peer careless = Peer.builder().nodeId("careless").credential(TestAuth.token("careless")).hub("console")
        .interceptor(call -> {
          throw new IllegalStateException("interceptor bug");
        })
        .build()) {
      careless.dial(console.listen("tcp://127.0.0.1:0").uri().toString());
      assertThat(careless.proxy(Greeter.class, Target.node("sidecar-1")).hello("cy")).isEqualTo("hello cy from sidecar-1");
    }
  }
}
