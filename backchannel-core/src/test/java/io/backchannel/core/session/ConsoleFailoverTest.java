package io.backchannel.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.ConnectionLostException;
import io.backchannel.core.Peer;
import io.backchannel.core.PeerBuilder;
import io.backchannel.core.node.Link;
import io.backchannel.testing.Closer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A sidecar linked to two consoles (real peers on loopback TCP in this JVM) moves to the other
 * console when its console closes: the call in flight fails with {@link ConnectionLostException},
 * and the same link proxy then reaches the other console. {@link ConsoleKillTest} does the same
 * with console processes killed by {@code kill -9}.
 */
class ConsoleFailoverTest {
  private static final Duration FAILOVER = Duration.ofSeconds(20);

  private final Closer closer = new Closer();
  private final Map<String, GreeterImpl> greeters = Map.of("console-1", new GreeterImpl("console-1"),
      "console-2", new GreeterImpl("console-2"));

  @AfterEach
  void close() {
    greeters.values().forEach(GreeterImpl::release); // lets a handler the closed console left running end
    closer.close();
  }

  @Test
  void aSidecarMovesToTheOtherConsoleWhenItsConsoleCloses() throws Exception {
    failsOverAndCallsOn(UnaryOperator.identity());
  }

  @Test
  void withResumptionTheOtherConsoleGetsAFreshSetupWithoutWaitingForTheSessionToExpire() throws Exception {
    // A session timeout far beyond FAILOVER: the link must give up on the dead console early, and
    // the other console must admit a fresh SETUP (a RESUME of the old token would find no session).
    failsOverAndCallsOn(builder -> builder.resume(Duration.ofMinutes(10)));
  }

  @Test
  void aLinkSkipsAConsoleThatIsDownWhereverItStarts() {
    Peer dead = console("console-1", UnaryOperator.identity());
    String deadUri = dead.listen("tcp://127.0.0.1:0").uri().toString();
    dead.close();
    Peer live = console("console-2", UnaryOperator.identity());
    String liveUri = live.listen("tcp://127.0.0.1:0").uri().toString();
    for (List<String> uris : List.of(List.of(deadUri, liveUri), List.of(liveUri, deadUri))) {
      Peer sidecar = sidecar("sidecar-" + uris.indexOf(liveUri), UnaryOperator.identity());
      Link link = sidecar.connect(uris);
      assertThat(link.awaitConnection(FAILOVER).remote().nodeId()).isEqualTo("console-2");
      assertThat(link.proxy(Greeter.class).hello("x")).isEqualTo("hello x from console-2");
    }
  }

  @Test
  void aSingleUriListIsTheSingleUriLink() {
    Peer console = console("console-1", UnaryOperator.identity());
    String uri = console.listen("tcp://127.0.0.1:0").uri().toString();
    Peer sidecar = sidecar("sidecar", UnaryOperator.identity());
    Link link = sidecar.connect(List.of(uri));
    Greeter greeter = link.proxy(Greeter.class);
    assertThat(link.awaitConnection(FAILOVER).remote().nodeId()).isEqualTo("console-1");
    assertThat(link).hasToString("link to " + uri);

    console.connection("sidecar").orElseThrow().close();
    await().atMost(FAILOVER).until(() -> link.connects() >= 2 && link.connection().isPresent());
    assertThat(greeter.hello("again")).isEqualTo("hello again from console-1");
  }

  @Test
  void aLinkNeedsAtLeastOneWellFormedUri() {
    Peer sidecar = sidecar("sidecar", UnaryOperator.identity());
    assertThatThrownBy(() -> sidecar.connect(List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one URI");
    assertThatThrownBy(() -> sidecar.connect(List.of("tcp://127.0.0.1:1", "tcp://[bad")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private void failsOverAndCallsOn(UnaryOperator<PeerBuilder> options) throws Exception {
    Peer console1 = console("console-1", options);
    Peer console2 = console("console-2", options);
    Map<String, Peer> consoles = Map.of("console-1", console1, "console-2", console2);
    List<String> uris = List.of(console1.listen("tcp://127.0.0.1:0").uri().toString(),
        console2.listen("tcp://127.0.0.1:0").uri().toString());
    Peer sidecar = sidecar("sidecar", options);
    Link link = sidecar.connect(uris);
    Greeter greeter = link.proxy(Greeter.class);
    String first = link.awaitConnection(FAILOVER).remote().nodeId();
    String other = first.equals("console-1") ? "console-2" : "console-1";
    assertThat(greeter.hello("before")).isEqualTo("hello before from " + first);

    CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> greeter.block(20_000),
        task -> Thread.ofVirtual().start(task));
    await().atMost(FAILOVER).until(() -> greeters.get(first).blocking() == 1);
    consoles.get(first).close();

    assertThatThrownBy(() -> inFlight.get(FAILOVER.toSeconds(), TimeUnit.SECONDS))
        .cause().isInstanceOf(ConnectionLostException.class);
    await().atMost(FAILOVER).until(() -> link.connection().map(c -> c.remote().nodeId()).orElse("").equals(other));
    assertThat(greeter.hello("after")).isEqualTo("hello after from " + other);
    assertThat(consoles.get(other).registry().nodes()).anySatisfy(node -> assertThat(node.nodeId()).isEqualTo("sidecar"));
  }

  private Peer console(String nodeId, UnaryOperator<PeerBuilder> options) {
    return closer.register(options.apply(Peer.builder().nodeId(nodeId).authenticator(TestAuth.authenticator())
        .export(Greeter.class, greeters.get(nodeId))).build());
  }

  private Peer sidecar(String nodeId, UnaryOperator<PeerBuilder> options) {
    return closer.register(options.apply(Peer.builder().nodeId(nodeId).credential(TestAuth.token(nodeId))
        .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200))).build());
  }
}
