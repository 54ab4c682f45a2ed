package io.backchannel.core.cluster;

import static io.backchannel.testing.TestCluster.BOUND;
import static io.backchannel.testing.TestCluster.find;
import static io.backchannel.testing.TestCluster.holders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.PeerRejectedException;
import io.backchannel.core.Peer;
import io.backchannel.core.node.Connection;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.RegistryListener;
import io.backchannel.testing.TestCluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two real consoles on one in-JVM store: a console's registry listener hears of the other
 * console's nodes, and a node id held on one console by one tenant is refused to another tenant
 * on the other. Everything is awaited, nothing slept.
 */
class ClusterEventsTest {
  private static final Duration TTL = Duration.ofSeconds(3);

  private final InMemoryCluster memory = InMemoryCluster.create(1_000);
  private final TestCluster cluster = new TestCluster();
  private final List<String> told = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() {
    cluster.close();
  }

  @Test
  void aConsolesListenerHearsOfTheOtherConsolesNodesComingChangingAndGoing() {
    Peer a = cluster.console("console-a", memory.connect(), TTL);
    Peer b = cluster.console("console-b", memory.connect(), TTL);
    b.registry().addListener(recorder());

    Peer s1 = cluster.sidecar("s1", "acme", a);
    await().atMost(BOUND).until(() -> told.contains("online acme/s1@console-a"));
    s1.updateTags(Map.of("zone", "eu"));
    await().atMost(BOUND).until(() -> told.contains("updated acme/s1@console-a {zone=eu}"));
    cluster.sidecar("s2", "acme", b);
    await().atMost(BOUND).until(() -> told.contains("online acme/s2"));
    s1.close();
    await().atMost(BOUND).until(() -> told.getLast().startsWith("offline acme/s1@console-a"));

    assertThat(told).filteredOn(event -> event.contains("s1")).first().isEqualTo("online acme/s1@console-a");
    assertThat(told).containsSubsequence("online acme/s1@console-a", "updated acme/s1@console-a {zone=eu}",
        "online acme/s2", "offline acme/s1@console-a {zone=eu}");
  }

  @Test
  void aSessionHereHidesTheRemoteListingUntilItCloses() {
    Peer a = cluster.console("console-a", memory.connect(), TTL);
    Peer b = cluster.console("console-b", memory.connect(), TTL);
    b.registry().addListener(recorder());
    Peer s1 = cluster.sidecar("s1", "acme", a);
    await().atMost(BOUND).until(() -> told.contains("online acme/s1@console-a"));

    // s1 reaches console-b too while its session on console-a still stands.
    Connection toB = s1.dial(cluster.uri(b));
    await().atMost(BOUND).until(() -> told.contains("online acme/s1"));
    toB.close();

    await().atMost(BOUND).until(() -> told.getLast().equals("online acme/s1@console-a"));
    assertThat(told).containsSubsequence("online acme/s1@console-a", "online acme/s1", "offline acme/s1",
        "online acme/s1@console-a");
    assertThat(told).as("no remote offline: console-a held it all along").doesNotContain("offline acme/s1@console-a");
    assertThat(holders(b, "s1")).containsExactly("console-a");
  }

  @Test
  void aNodeIdHeldOnAnotherConsoleByAnotherTenantIsRefusedAndTheSameTenantMayMove() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Peer a = cluster.console("console-a", memory.connect(), TTL);
    Peer b = cluster.console("console-b", memory.connect(), TTL, builder -> builder.meterRegistry(meters));
    cluster.sidecar("x", "acme", a);
    await().atMost(BOUND).until(() -> find(b, "x").isPresent());

    assertThatThrownBy(() -> cluster.sidecar("x", "bolt", b))
        .isInstanceOf(PeerRejectedException.class)
        .hasMessageContaining("node id 'x' is not available");
    assertThat(meters.counter("backchannel.auth.failures").count()).as("counted as a single console counts it")
        .isEqualTo(1);
    assertThat(find(b, "x").orElseThrow().tenant()).isEqualTo("acme");

    cluster.sidecar("x", "acme", b); // failover: the same tenant's node moving to console-b

    assertThat(holders(b, "x")).as("console-b holds it now").containsExactly((String) null);
    assertThat(find(b, "x").orElseThrow().tenant()).isEqualTo("acme");
  }

  private RegistryListener recorder() {
    return new RegistryListener() {
      @Override
      public void onOnline(NodeInfo node) {
        told.add("online " + describe(node));
      }

      @Override
      public void onUpdated(NodeInfo node) {
        told.add("updated " + describe(node));
      }

      @Override
      public void onOffline(NodeInfo node) {
        told.add("offline " + describe(node));
      }
    };
  }

  private static String describe(NodeInfo node) {
    return node.tenant() + "/" + node.nodeId() + (node.console() == null ? "" : "@" + node.console())
        + (node.tags().isEmpty() ? "" : " " + node.tags());
  }
}
