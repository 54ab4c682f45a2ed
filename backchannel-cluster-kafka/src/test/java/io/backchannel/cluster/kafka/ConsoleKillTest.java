package io.backchannel.cluster.kafka;

import static io.backchannel.testing.TestCluster.BOUND;
import static io.backchannel.testing.TestCluster.holders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.core.node.Connection;
import io.backchannel.testing.ChildPeer;
import io.backchannel.testing.TestAuth;
import io.backchannel.testing.TestCluster;
import io.backchannel.transport.kafka.TestBroker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A console in a child JVM killed with SIGKILL: it withdraws nothing, yet the console left in the
 * cluster drops its node within the TTL, and once the node dialed the surviving console it is
 * listed there, once.
 */
class ConsoleKillTest {
  private static final Duration TTL = Duration.ofSeconds(2);

  @Test
  void aKilledConsolesNodesExpireAndANodeThatMovedIsListedOnceWithItsNewHolder() {
    String topic = TestBroker.freshTopic("kill");
    String servers = TestBroker.shared().bootstrapServers();
    try (TestCluster cluster = new TestCluster();
        ChildPeer child = ChildPeer.running(ClusterConsoleMain.class, servers, topic, "console-1",
            Long.toString(TTL.toMillis()))) {
      String childUri = child.awaitReady();
      Peer survivor = cluster.console("console-2", KafkaClusterStore.builder(servers, topic).build(), TTL);
      Peer sidecar = cluster.register(Peer.builder().nodeId("s1").tenant("acme")
          .credential(TestAuth.token("acme", "s1", "node")).build());
      Connection first = cluster.register(sidecar.dial(childUri));
      await().atMost(BOUND).until(() -> holders(survivor, "s1").equals(List.of("console-1")));

      child.kill();

      await().atMost(BOUND).until(() -> holders(survivor, "s1").isEmpty()
          && survivor.cluster().orElseThrow().liveConsoles() == 1);
      await().atMost(BOUND).until(() -> first.onClose().isDone());
      cluster.register(sidecar.dial(cluster.uri(survivor)));
      await().atMost(BOUND).until(() -> holders(survivor, "s1").equals(java.util.Arrays.asList((String) null)));
      assertThat(survivor.cluster().orElseThrow().healthy()).isTrue();
    }
  }
}
