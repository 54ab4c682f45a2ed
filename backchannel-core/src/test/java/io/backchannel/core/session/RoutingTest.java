package io.backchannel.core.session;

import io.backchannel.testing.Closer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.NoRouteException;
import io.backchannel.UnknownRouteException;
import io.backchannel.core.CallOptions;
import io.backchannel.core.node.Connection;
import io.backchannel.core.node.NodeResult;
import io.backchannel.core.node.NodeSelector;
import io.backchannel.core.Peer;
import io.backchannel.core.node.Target;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoutingTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Closer closer = new Closer();
  private Peer console;
  private String uri;
  private final Map<String, Peer> sidecars = new LinkedHashMap<>();
  private final Map<String, Connection> connections = new HashMap<>();
  private final NodeSelector greeters = NodeSelector.service("Greeter");

  @BeforeEach
  void connect() {
    console = closer.register(Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
        .meterRegistry(meters).build());
    uri = console.listen("tcp://127.0.0.1:0").uri().toString();
    for (String id : List.of("s1", "s2", "s3")) {
      join(id, 0);
    }
  }

  @AfterEach
  void close() {
    closer.close();
  }

  private void join(String id, double gauge) {
    Peer peer = Peer.builder().nodeId(id).credential(TestAuth.token(id))
        .export(Greeter.class, new GreeterImpl(id))
        .loadReportInterval(Duration.ofMillis(50)).loadGauge(() -> gauge).build();
    closer.register(peer);
    sidecars.put(id, peer);
    connections.put(id, peer.dial(uri));
  }

  private static String servedBy(String answer) {
    return answer.substring(answer.lastIndexOf(' ') + 1);
  }

  @Test
  void stickyKeysStayOnTheirNodeWhileItIsConnected() {
    Greeter byOrder = console.proxy(Greeter.class, Target.sticky("order-42", greeters));
    String first = servedBy(byOrder.hello("x"));
    for (int i = 0; i < 20; i++) {
      assertThat(servedBy(byOrder.hello("x"))).isEqualTo(first);
    }
    Set<String> spread = new HashSet<>();
    for (int key = 0; key < 60; key++) {
      spread.add(servedBy(console.proxy(Greeter.class, Target.sticky("key-" + key, greeters)).hello("x")));
    }
    assertThat(spread).containsExactlyInAnyOrder("s1", "s2", "s3");

    connections.get(first).close();
    await().until(() -> console.connection(first).isEmpty());
    String moved = servedBy(byOrder.hello("x"));
    assertThat(moved).isNotEqualTo(first);
    assertThat(servedBy(byOrder.hello("x"))).isEqualTo(moved);
  }

  @Test
  void roundRobinVisitsEveryNodeInTurn() {
    Greeter anyone = console.proxy(Greeter.class, Target.roundRobin(greeters));
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 9; i++) {
      counts.merge(servedBy(anyone.hello("x")), 1, Integer::sum);
    }
    assertThat(counts).containsOnly(Map.entry("s1", 3), Map.entry("s2", 3), Map.entry("s3", 3));
  }

  @Test
  void leastLoadedAvoidsANodeReportingHighLoad() {
    join("busy", 1_000_000);
    Greeter leastLoaded = console.proxy(Greeter.class, Target.leastLoaded(greeters));
    await().untilAsserted(() -> {
      Map<String, Integer> counts = new HashMap<>();
      for (int i = 0; i < 40; i++) {
        counts.merge(servedBy(leastLoaded.hello("x")), 1, Integer::sum);
      }
      assertThat(counts).doesNotContainKey("busy").containsKeys("s1", "s2", "s3");
    });
  }

  @Test
  void noEligibleNodeFailsAtOnce() {
    Greeter nobody = console.proxy(Greeter.class, Target.leastLoaded(NodeSelector.service("Nobody")));
    assertThatThrownBy(() -> nobody.hello("x")).isInstanceOf(NoRouteException.class).hasMessageContaining("Nobody");
    assertThat(meters.counter("backchannel.routing.decisions", "strategy", "least_loaded", "outcome", "no_route").count())
        .isEqualTo(1);
  }

  @Test
  void aCallCanPickItsOwnTarget() {
    Greeter s1 = console.proxy(Greeter.class, Target.node("s1"));
    assertThat(CallOptions.target(Target.node("s2")).call(() -> s1.hello("x"))).endsWith("s2");
    assertThat(s1.hello("x")).endsWith("s1");
  }

  @Test
  void broadcastCollectsEveryNodesResultOrError() {
    Peer plain = closer.register(Peer.builder().nodeId("plain").credential(TestAuth.token("plain")).build());
    sidecars.put("plain", plain);
    plain.dial(uri);
    List<NodeResult<String>> results = console.broadcast(Greeter.class, NodeSelector.any(), greeter -> greeter.hello("all"));
    assertThat(results).extracting(NodeResult::nodeId).containsExactly("plain", "s1", "s2", "s3");
    assertThat(results.get(0).failure()).isInstanceOf(UnknownRouteException.class);
    assertThat(results.subList(1, 4)).allSatisfy(result -> assertThat(result.value()).startsWith("hello all from"));
  }
}
