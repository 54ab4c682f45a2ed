package io.backchannel.cluster.kafka;

import static io.backchannel.testing.TestCluster.BOUND;
import static io.backchannel.testing.TestCluster.holders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.core.node.Target;
import io.backchannel.testing.ChildPeer;
import io.backchannel.testing.Closer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.TestAuth;
import io.backchannel.transport.kafka.TestBroker;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three consoles on a real broker (two in child JVMs, one in this JVM) and sidecars in child JVMs:
 * sidecars of one tenant call each other across consoles and another tenant's cannot; a console
 * killed with SIGKILL fails the call in flight through it with ConnectionLostException, its
 * sidecar moves to another console and is called there; the broker restarted under the cluster
 * degrades to the last known view, relayed calls carry on, and the cluster converges again.
 */
class ConsoleClusterTest {
  private static final Duration TTL = Duration.ofSeconds(2);
  private static final String CONSOLES = "console-1,console-2,console-3";
  private static TestBroker broker;

  private final Closer closer = new Closer();

  @AfterEach
  void close() {
    closer.close();
  }

  @BeforeAll
  static void startBroker() {
    broker = TestBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void callsCrossConsolesKeepTenantsApartAndSurviveAKilledConsoleAndABrokerRestart() {
    String topic = TestBroker.freshTopic("three");
    ChildPeer console1 = console(topic, "console-1");
    ChildPeer console2 = console(topic, "console-2");
    String uri1 = console1.awaitReady();
    String uri2 = console2.awaitReady();
    Peer console3 = closer.register(Peer.builder().nodeId("console-3").role("console")
        .credential(TestAuth.token("default", "console-3", "console")).authenticator(TestAuth.authenticator())
        .cluster(KafkaClusterStore.builder(broker.bootstrapServers(), topic).build(), TTL).consoleRole("console")
        .build());
    String uri3 = console3.listen("tcp://127.0.0.1:0").uri().toString();

    ChildPeer a1 = sidecar("a1", "acme", uri3);
    ChildPeer a2 = sidecar("a2", "acme", uri1 + "," + uri2); // starts at either; moves to the other
    ChildPeer g1 = sidecar("g1", "globex", uri1);
    List.of(a1, a2, g1).forEach(ChildPeer::awaitReady);
    String first = ask(a2, "console", "CONSOLE ");
    String second = first.equals("console-1") ? "console-2" : "console-1";
    await().atMost(BOUND).until(() -> holders(console3, "a1").equals(Arrays.asList((String) null))
        && holders(console3, "a2").equals(List.of(first)) && holders(console3, "g1").equals(List.of("console-1")));

    // One tenant across consoles: a1 on console-3 reaches a2 on another; globex reaches neither.
    assertThat(untilRouted(a1, "call a2", "CALLED a2 ")).isEqualTo("hello a1 from a2");
    assertThat(untilRouted(a2, "call a1", "CALLED a1 ")).isEqualTo("hello a2 from a1");
    assertThat(ask(g1, "call a1", "CALLED a1 ")).isEqualTo("!NoRouteException");
    assertThat(ask(g1, "call a2", "CALLED a2 ")).isEqualTo("!NoRouteException");
    // A console reaches the nodes the others hold.
    Greeter a2FromConsole3 = console3.proxy(Greeter.class, Target.node("acme", "a2"));
    assertThat(a2FromConsole3.hello("console-3")).isEqualTo("hello console-3 from a2");

    // A call held on a2 through its console, which then dies.
    a1.send("block a2");
    await().atMost(BOUND).until(() -> a2FromConsole3.blocking() == 1);
    (first.equals("console-1") ? console1 : console2).kill();

    assertThat(line(a1, "BLOCKED a2 ")).isEqualTo("!ConnectionLostException");
    await().atMost(BOUND).until(() -> holders(console3, "a2").equals(List.of(second))
        && console3.cluster().orElseThrow().liveConsoles() == 2);
    assertThat(untilRouted(a1, "call a2", "CALLED a2 ")).isEqualTo("hello a1 from a2");
    assertThat(ask(a2, "console", "CONSOLE ")).isEqualTo(second);

    // The store goes away: the last known view stays, and relays do not need the store.
    broker.kill();
    await().atMost(BOUND).until(() -> !console3.cluster().orElseThrow().healthy());
    assertThat(holders(console3, "a2")).containsExactly(second);
    assertThat(ask(a2, "call a1", "CALLED a1 ")).isEqualTo("hello a2 from a1");

    broker.restart();
    await().atMost(Duration.ofMinutes(2)).until(() -> console3.cluster().orElseThrow().healthy());
    ChildPeer a3 = sidecar("a3", "acme", first.equals("console-1") ? uri2 : uri1);
    a3.awaitReady();
    await().atMost(BOUND).until(() -> holders(console3, "a3").equals(List.of(second)));
    assertThat(untilRouted(a3, "call a2", "CALLED a2 ")).isEqualTo("hello a3 from a2");
  }

  private ChildPeer console(String topic, String nodeId) {
    return closer.register(ChildPeer.running(ClusterConsoleMain.class, broker.bootstrapServers(), topic, nodeId,
        Long.toString(TTL.toMillis()), "relay"));
  }

  private ChildPeer sidecar(String nodeId, String tenant, String uris) {
    return closer.register(ChildPeer.running(ClusterSidecarMain.class, nodeId, tenant, uris, CONSOLES));
  }

  /** Asks until the answer is not a missing route: the links between consoles come up a tick after a join. */
  private static String untilRouted(ChildPeer child, String command, String prefix) {
    return await().atMost(BOUND).until(() -> ask(child, command, prefix), answer -> !answer.equals("!NoRouteException"));
  }

  /** Sends {@code command} and returns the rest of the next line starting with {@code prefix}. */
  private static String ask(ChildPeer child, String command, String prefix) {
    int seen = child.output().size();
    child.send(command);
    return line(child, prefix, seen);
  }

  private static String line(ChildPeer child, String prefix) {
    return line(child, prefix, 0);
  }

  private static String line(ChildPeer child, String prefix, int from) {
    return await().atMost(BOUND).until(() -> child.output().stream().skip(from)
        .filter(line -> line.startsWith(prefix)).findFirst(), java.util.Optional::isPresent)
        .orElseThrow().substring(prefix.length());
  }
}
