package io.backchannel.testing;

import static io.backchannel.testing.TestCluster.BOUND;
import static io.backchannel.testing.TestCluster.find;
import static io.backchannel.testing.TestCluster.holders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.core.cluster.ClusterStore;
import io.backchannel.core.node.Connection;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeSelector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every cluster store must give a console cluster ({@code docs/cluster.md}), run by each
 * store's tests: consoles are real peers listening on loopback, sidecars real peers dialing them,
 * all in this JVM, sharing one store given by {@link #store}.
 */
public abstract class ClusterSuite {
  private static final Duration TTL = Duration.ofSeconds(3);

  protected final TestCluster cluster = new TestCluster();

  /** A new console's connection to the store that every console of this test shares. */
  protected abstract ClusterStore store();

  @AfterEach
  void closeAll() {
    cluster.close();
  }

  @Test
  void twoConsolesEachListTheOthersSessionsMarkedWithTheirHolder() {
    Peer a = cluster.console("console-a", store(), TTL);
    Peer b = cluster.console("console-b", store(), TTL);
    cluster.sidecar("s1", "acme", a);
    cluster.sidecar("s2", "acme", b);

    await().atMost(BOUND).until(() -> find(a, "s2").isPresent() && find(b, "s1").isPresent()
        && a.cluster().orElseThrow().liveConsoles() == 2);
    assertThat(find(a, "s2").orElseThrow().console()).isEqualTo("console-b");
    assertThat(find(b, "s1").orElseThrow().console()).isEqualTo("console-a");
    assertThat(find(a, "s1").orElseThrow().console()).as("a node held here is marked as such").isNull();
  }

  @Test
  void aSessionThatClosesIsWithdrawnFromEveryConsole() {
    Peer a = cluster.console("console-a", store(), TTL);
    Peer b = cluster.console("console-b", store(), TTL);
    Peer s1 = cluster.sidecar("s1", "acme", a);
    await().atMost(BOUND).until(() -> find(b, "s1").isPresent());

    s1.close();

    await().atMost(BOUND).until(() -> find(b, "s1").isEmpty());
  }

  @Test
  void aConsoleThatStopsHeartbeatingHasItsNodesExpire() {
    SeveredStore aStore = new SeveredStore(store());
    Peer a = cluster.console("console-a", aStore, Duration.ofSeconds(2));
    Peer b = cluster.console("console-b", store(), Duration.ofSeconds(2));
    cluster.sidecar("s1", "acme", a);
    await().atMost(BOUND).until(() -> find(b, "s1").isPresent());

    aStore.sever(); // console-a neither heartbeats nor withdraws any more, as if it had crashed

    await().atMost(BOUND).until(() -> find(b, "s1").isEmpty() && b.cluster().orElseThrow().liveConsoles() == 1);
    assertThat(b.cluster().orElseThrow().healthy()).isTrue();
  }

  @Test
  void aNodeThatMovedIsListedOnceWithItsNewestHolder() {
    Peer a = cluster.console("console-a", store(), TTL);
    Peer b = cluster.console("console-b", store(), TTL);
    Peer c = cluster.console("console-c", store(), TTL);
    Peer s1 = cluster.sidecar("s1", "acme", a);
    await().atMost(BOUND).until(() -> holders(c, "s1").equals(List.of("console-a")) && find(b, "s1").isPresent());

    // s1 reaches console-b while its session on console-a still stands: both hold it for a while.
    cluster.register(s1.dial(cluster.uri(b)));

    await().atMost(BOUND).until(() -> holders(c, "s1").equals(List.of("console-b")));
    assertThat(holders(a, "s1")).as("console-a lists the session it holds").containsExactly((String) null);
    assertThat(holders(b, "s1")).as("console-b lists the session it holds").containsExactly((String) null);
  }

  @Test
  void aTenantNeverSeesAnotherTenantsNodesThroughTheMergedView() {
    Peer a = cluster.console("console-a", store(), TTL);
    Peer b = cluster.console("console-b", store(), TTL);
    cluster.sidecar("a1", "acme", a);
    Peer b1 = cluster.sidecar("b1", "bolt", b);
    Peer a2 = cluster.sidecar("a2", "acme", b);
    await().atMost(BOUND).until(() -> find(b, "a1").isPresent());

    Connection boltHub = b1.connection("console-b").orElseThrow();
    Connection acmeHub = a2.connection("console-b").orElseThrow();
    assertThat(ids(acmeHub.listNodes(NodeSelector.any())))
        .as("a node of acme sees acme's nodes of every console").containsExactlyInAnyOrder("a1", "a2");
    assertThat(ids(boltHub.listNodes(NodeSelector.any()))).containsExactly("b1");
    assertThat(boltHub.listNodes(NodeSelector.any().withTenant("acme"))).isEmpty();
    assertThat(boltHub.listNodes(NodeSelector.anyTenant())).extracting(NodeInfo::tenant).containsOnly("bolt");
  }

  private static List<String> ids(List<NodeInfo> nodes) {
    return nodes.stream().map(NodeInfo::nodeId).toList();
  }
}
