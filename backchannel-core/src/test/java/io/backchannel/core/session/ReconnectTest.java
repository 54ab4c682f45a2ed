package io.backchannel.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.node.Link;
import io.backchannel.core.node.NodeSelector;
import io.backchannel.core.Peer;
import io.backchannel.core.node.Target;
import io.backchannel.testing.ChildPeer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Regression test for the setup-frame bug of the CloudCanal article: after every one of 100
 * console restarts each sidecar is back and authenticated with a fresh SETUP (and the leak check
 * that runs after every test class stays clean).
 */
class ReconnectTest {
  private static final int RESTARTS = 100;

  @Test
  void sidecarProcessesComeBackAuthenticatedAfterEveryConsoleRestart() {
    Peer console = console();
    URI uri = console.listen("tcp://127.0.0.1:0").uri();
    try (ChildPeer s1 = ChildPeer.dialing(uri.toString(), "s1"); ChildPeer s2 = ChildPeer.dialing(uri.toString(), "s2")) {
      for (int restart = 0; restart <= RESTARTS; restart++) {
        if (restart > 0) {
          console.close();
          console = console();
          console.listen(uri.toString());
        }
        Peer current = console;
        await().atMost(Duration.ofSeconds(30)).until(() -> current.registry().nodes().size() == 2);
        assertThat(current.proxy(Greeter.class, Target.node("s1")).hello("r" + restart)).isEqualTo("hello r" + restart + " from s1");
      }
    } finally {
      console.close();
    }
  }

  @Test
  void everyRedialPresentsAFreshCredential() {
    AtomicInteger tokensIssued = new AtomicInteger();
    List<Peer> sidecars = List.of("s1", "s2").stream()
        .map(id -> Peer.builder().nodeId(id)
            .credential(() -> {
              tokensIssued.incrementAndGet();
              return TestAuth.token("acme", id, "node");
            })
            .reconnectBackoff(Duration.ofMillis(5), Duration.ofMillis(100))
            .export(Greeter.class, new GreeterImpl(id))
            .build())
        .toList();
    Peer first = console();
    URI uri = first.listen("tcp://127.0.0.1:0").uri();
    List<Link> links = sidecars.stream().map(peer -> peer.connect(uri.toString())).toList();
    Peer console = first;
    try {
      for (int restart = 0; restart <= 20; restart++) {
        if (restart > 0) {
          console.close();
          console = console();
          console.listen(uri.toString());
        }
        Peer current = console;
        await().atMost(Duration.ofSeconds(30))
            .until(() -> current.registry().nodes(NodeSelector.any().withTenant("acme")).size() == 2);
        assertThat(current.proxy(Greeter.class, Target.node("acme", "s2")).hello("r" + restart)).isEqualTo("hello r" + restart + " from s2");
      }
      assertThat(links).allSatisfy(link -> assertThat(link.connects()).isGreaterThanOrEqualTo(21));
      assertThat(tokensIssued.get()).as("a fresh credential per dial").isGreaterThanOrEqualTo(2 * 21);
    } finally {
      sidecars.forEach(Peer::close);
      console.close();
    }
  }

  private static Peer console() {
    return Peer.builder().nodeId("console").authenticator(TestAuth.authenticator()).build();
  }
}
