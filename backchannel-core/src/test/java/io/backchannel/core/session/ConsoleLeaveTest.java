package io.backchannel.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.core.node.Link;
import io.backchannel.testing.CallLoop;
import io.backchannel.testing.ChildPeer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.TestAuth;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two consoles in child JVMs, without a cluster store, and a sidecar linked to both in this one,
 * calling its console non-stop: the console process leaves gracefully ({@code Peer.leave}) and
 * exits. The sidecar moves to the other console before letting go of the first, and no call fails.
 * {@link ConsoleKillTest} is the same picture with {@code kill -9}, where the call in flight fails.
 */
class ConsoleLeaveTest {
  private static final Duration BOUND = Duration.ofSeconds(30);

  @Test
  void aSidecarMovesWithoutAFailedCallWhenItsConsoleProcessLeaves() throws Exception {
    try (ChildPeer console1 = ChildPeer.listening("tcp://127.0.0.1:0", "console-1");
        ChildPeer console2 = ChildPeer.listening("tcp://127.0.0.1:0", "console-2");
        Peer sidecar = Peer.builder().nodeId("sidecar").credential(TestAuth.token("sidecar"))
            .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).build()) {
      Map<String, ChildPeer> consoles = Map.of("console-1", console1, "console-2", console2);
      Link link = sidecar.connect(List.of(console1.awaitReady(), console2.awaitReady()));
      Greeter greeter = link.proxy(Greeter.class);
      String first = link.awaitConnection(BOUND).remote().nodeId();
      String other = first.equals("console-1") ? "console-2" : "console-1";
      CallLoop calls = new CallLoop("sidecar", greeter::touch);
      try {
        await().atMost(BOUND).until(() -> calls.succeeded() > 10);

        consoles.get(first).leave();
        consoles.get(first).awaitLine("LEFT");

        assertThat(link.connection().map(connection -> connection.remote().nodeId())).hasValue(other);
        int made = calls.succeeded();
        await().atMost(BOUND).until(() -> calls.succeeded() > made + 10);
      } finally {
        calls.close();
      }
      assertThat(calls.failures()).isEmpty();
      assertThat(link.connects()).as("one move, no reconnect after a lost connection").isEqualTo(2);
      assertThat(greeter.hello("after")).isEqualTo("hello after from " + other);
    }
  }
}
