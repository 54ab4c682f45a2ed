package io.backchannel.core.session;

import org.junit.jupiter.api.BeforeEach;
import io.backchannel.testing.Closer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.RemoteException;
import io.backchannel.core.node.Connection;
import io.backchannel.core.node.Link;
import io.backchannel.core.Peer;
import io.backchannel.core.node.Target;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meters have stable names and bounded tags, and count what happened. */
class MetricsTest {
  private final SimpleMeterRegistry consoleMeters = new SimpleMeterRegistry();
  private final SimpleMeterRegistry sidecarMeters = new SimpleMeterRegistry();
  private final Closer closer = new Closer();
  private Peer console;
  private Peer sidecar;

  @BeforeEach
  void start() {
    console = closer.register(Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
        .meterRegistry(consoleMeters).build());
    sidecar = closer.register(Peer.builder().nodeId("s1").credential(TestAuth.token("acme", "s1", "node"))
        .meterRegistry(sidecarMeters).reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100))
        .export(Greeter.class, new GreeterImpl("s1")).build());
  }

  @AfterEach
  void close() {
    closer.close();
  }

  @Test
  void callsSessionsBytesAndReconnectsAreMeasured() {
    Link link = sidecar.connect(console.listen("tcp://127.0.0.1:0").uri().toString());
    Connection first = link.awaitConnection(Duration.ofSeconds(10));
    Greeter remote = console.proxy(Greeter.class, Target.node("acme", "s1"));
    remote.hello("x");
    assertThatThrownBy(() -> remote.failUnchecked("boom")).isInstanceOf(RemoteException.class);

    await().untilAsserted(() -> {
      assertThat(consoleMeters.get("backchannel.calls").tags("route", "Greeter.hello", "direction", "outbound", "outcome", "ok")
          .timer().count()).isEqualTo(1);
      assertThat(consoleMeters.get("backchannel.calls").tags("route", "Greeter.failUnchecked", "outcome", "RemoteException")
          .timer().count()).isEqualTo(1);
      assertThat(sidecarMeters.get("backchannel.calls").tags("route", "Greeter.hello", "direction", "inbound", "outcome", "ok")
          .timer().count()).isEqualTo(1);
      assertThat(sidecarMeters.get("backchannel.calls").tags("route", "Greeter.failUnchecked", "direction", "inbound")
          .timer().count()).isEqualTo(1);
    });
    assertThat(consoleMeters.get("backchannel.sessions").tags("tenant", "acme", "state", "online").gauge().value()).isEqualTo(1);
    assertThat(consoleMeters.get("backchannel.bytes").tag("direction", "in").counter().count()).isPositive();
    assertThat(consoleMeters.get("backchannel.bytes").tag("direction", "out").counter().count()).isPositive();
    assertThat(consoleMeters.get("backchannel.routing.decisions").tags("strategy", "node", "outcome", "routed").counter().count())
        .isEqualTo(2);

    first.close();
    await().until(() -> link.connects() == 2);
    assertThat(sidecarMeters.get("backchannel.reconnects").counter().count()).isEqualTo(1);
    await().until(() -> consoleMeters.get("backchannel.sessions").tags("tenant", "acme", "state", "online").gauge().value() == 1);
  }
}
