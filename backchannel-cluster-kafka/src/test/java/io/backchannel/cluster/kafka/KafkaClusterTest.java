package io.backchannel.cluster.kafka;

import io.backchannel.core.cluster.ClusterStore;
import io.backchannel.testing.ClusterSuite;
import io.backchannel.transport.kafka.TestBroker;

/** The cluster suite over a Kafka compacted topic of the broker the tests share; a fresh topic per test. */
class KafkaClusterTest extends ClusterSuite {
  private final String topic = TestBroker.freshTopic("cluster");

  @Override
  protected ClusterStore store() {
    return KafkaClusterStore.builder(TestBroker.shared().bootstrapServers(), topic).build();
  }
}
