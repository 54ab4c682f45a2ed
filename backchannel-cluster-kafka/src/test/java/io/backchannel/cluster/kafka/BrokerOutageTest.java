package io.backchannel.cluster.kafka;

import static io.backchannel.testing.TestCluster.BOUND;
import static io.backchannel.testing.TestCluster.find;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.core.cluster.ClusterStore;
import io.backchannel.testing.TestCluster;
import io.backchannel.transport.kafka.TestBroker;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A broker killed under a running cluster: the consoles report the store unhealthy and keep their
 * last known view, then recover when the broker is back. The broker is this class's own.
 */
class BrokerOutageTest {
  private static TestBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = TestBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void aKilledBrokerKeepsTheLastKnownViewAndTheClusterRecoversWhenItReturns() {
    String topic = TestBroker.freshTopic("outage");
    Duration ttl = Duration.ofSeconds(2);
    try (TestCluster cluster = new TestCluster()) {
      Peer a = cluster.console("console-a", store(topic), ttl);
      Peer b = cluster.console("console-b", store(topic), ttl);
      cluster.sidecar("s1", "acme", a);
      await().atMost(BOUND).until(() -> find(b, "s1").isPresent() && b.cluster().orElseThrow().healthy());

      broker.kill();

      await().atMost(BOUND).until(() -> !b.cluster().orElseThrow().healthy());
      // Well past the TTL, console-b still lists what it last knew.
      await().during(ttl.multipliedBy(3)).atMost(BOUND).until(() -> find(b, "s1").isPresent());

      broker.restart();

      await().atMost(Duration.ofMinutes(2)).until(() -> b.cluster().orElseThrow().healthy()
          && a.cluster().orElseThrow().healthy());
      await().atMost(BOUND).until(() -> find(b, "s1").isPresent());
    }
  }

  private static ClusterStore store(String topic) {
    return KafkaClusterStore.builder(broker.bootstrapServers(), topic).build();
  }
}
