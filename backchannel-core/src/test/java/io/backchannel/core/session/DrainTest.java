package io.backchannel.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.NoRouteException;
import io.backchannel.core.Peer;
import io.backchannel.core.Target;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node that leaves gracefully loses none of the calls it was serving. */
class DrainTest {
  private final GreeterImpl greeter = new GreeterImpl("leaver");
  private final Peer console = Peer.builder().nodeId("console").authenticator(TestAuth.authenticator()).build();
  private final SimpleMeterRegistry leaverMeters = new SimpleMeterRegistry();
  private final Peer leaver = Peer.builder().nodeId("leaver").credential(TestAuth.token("leaver"))
      .meterRegistry(leaverMeters).service(Greeter.class, greeter).build();

  @AfterEach
  void close() {
    leaver.close();
    console.close();
  }

  @Test
  void inFlightCallsFinishAndNewCallsAreNotRoutedToALeavingNode() throws Exception {
    leaver.dial(console.listen("tcp://127.0.0.1:0").uri().toString());
    Greeter remote = console.proxy(Greeter.class, Target.node("leaver"));
    List<CompletableFuture<String>> inFlight = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      inFlight.add(CompletableFuture.supplyAsync(() -> remote.block(500), task -> Thread.ofVirtual().start(task)));
    }
    // All five are being served before the leave starts.
    await().until(() -> leaverMeters.get("backchannel.calls.active").tag("direction", "inbound").gauge().value() == 5);

    Thread leaving = Thread.ofVirtual().start(() -> leaver.leave(Duration.ofSeconds(30)));
    await().until(() -> console.registry().isDraining("leaver"));
    assertThatThrownBy(() -> remote.hello("new")).isInstanceOf(NoRouteException.class);

    for (CompletableFuture<String> call : inFlight) {
      assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo("finished");
    }
    leaving.join(Duration.ofSeconds(30));
    await().until(() -> console.registry().nodes().isEmpty());
  }
}
