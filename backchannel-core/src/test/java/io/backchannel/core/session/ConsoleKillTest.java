package io.backchannel.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.ConnectionLostException;
import io.backchannel.core.Peer;
import io.backchannel.core.node.Link;
import io.backchannel.testing.ChildPeer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.TestAuth;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two consoles in child JVMs, a sidecar linked to both in this one: its console is killed with
 * {@code kill -9} mid-call. The call in flight fails with {@link ConnectionLostException}, the link
 * reaches the surviving console, and the same link proxy calls on through it.
 */
class ConsoleKillTest {
  private static final Duration FAILOVER = Duration.ofSeconds(30);

  @Test
  void aSidecarCarriesOnThroughTheOtherConsoleWhenItsConsoleIsKilled() throws Exception {
    try (ChildPeer console1 = ChildPeer.listening("tcp://127.0.0.1:0", "console-1");
        ChildPeer console2 = ChildPeer.listening("tcp://127.0.0.1:0", "console-2");
        Peer sidecar = Peer.builder().nodeId("sidecar").credential(TestAuth.token("sidecar"))
            .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).build()) {
      Map<String, ChildPeer> consoles = Map.of("console-1", console1, "console-2", console2);
      Link link = sidecar.connect(List.of(console1.awaitReady(), console2.awaitReady()));
      Greeter greeter = link.proxy(Greeter.class);
      String first = link.awaitConnection(FAILOVER).remote().nodeId();
      String other = first.equals("console-1") ? "console-2" : "console-1";

      CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> greeter.block(25_000),
          task -> Thread.ofVirtual().start(task));
      await().atMost(FAILOVER).until(() -> greeter.blocking() == 1); // asked over the same connection
      consoles.get(first).kill();

      assertThatThrownBy(() -> inFlight.get(FAILOVER.toSeconds(), TimeUnit.SECONDS))
          .cause().isInstanceOf(ConnectionLostException.class);
      await().atMost(FAILOVER).until(() -> link.connection().map(c -> c.remote().nodeId()).orElse("").equals(other));
      assertThat(greeter.hello("after")).isEqualTo("hello after from " + other);
    }
  }
}
