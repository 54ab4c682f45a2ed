package io.backchannel.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.backchannel.testing.TestCluster.BOUND;
import static io.backchannel.testing.TestCluster.find;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.testing.ClusterSuite;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The cluster suite over the in-JVM store, and what only it can play: a store outage. */
class InMemoryClusterTest extends ClusterSuite {
  private final InMemoryCluster memory = InMemoryCluster.create(1_000);

  @Override
  protected ClusterStore store() {
    return memory.connect();
  }

  @Test
  void aStoreOutageKeepsTheLastKnownViewAndReportsItselfUnhealthy() {
    Duration ttl = Duration.ofSeconds(1);
    Peer a = cluster.console("console-a", store(), ttl);
    Peer b = cluster.console("console-b", store(), ttl);
    cluster.sidecar("s1", "acme", a);
    await().atMost(BOUND).until(() -> find(b, "s1").isPresent() && b.cluster().orElseThrow().healthy());

    memory.available(false);

    await().atMost(BOUND).until(() -> !b.cluster().orElseThrow().healthy());
    // Well past the TTL, console-b still lists what it last knew: no heartbeat of anyone arrives.
    await().during(ttl.multipliedBy(3)).atMost(BOUND).until(() -> find(b, "s1").isPresent());

    memory.available(true);

    await().atMost(BOUND).until(() -> b.cluster().orElseThrow().healthy());
    await().atMost(BOUND).until(() -> find(b, "s1").isPresent());
  }

  @Test
  void aPeerWithoutAStoreIsNoClusterMember() {
    try (Peer alone = Peer.builder().nodeId("alone").build()) {
      assertThat(alone.cluster()).isEmpty();
    }
  }

  @Test
  void theStoreIsBounded() {
    InMemoryCluster small = InMemoryCluster.create(1);
    ClusterStore store = small.connect();
    store.heartbeat(new Heartbeat("c1", 1));
    store.heartbeat(new Heartbeat("c2", 1));
    assertThat(small.dropped()).isEqualTo(1);
    assertThatThrownBy(() -> InMemoryCluster.create(0)).hasMessageContaining("maxKeys must be 1");
    store.close();
  }
}
