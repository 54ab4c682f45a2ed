/** A console cluster's shared registry on a Kafka compacted topic: {@link io.backchannel.cluster.kafka.KafkaClusterStore}. */
// kafka-clients is an automatic module named from its file name (no Automatic-Module-Name).
@SuppressWarnings("requires-automatic")
module io.backchannel.cluster.kafka {
  // Transitive: the exported store implements core's ClusterStore.
  requires transitive io.backchannel.core;
  requires kafka.clients;
  requires tools.jackson.databind;
  requires org.slf4j;

  exports io.backchannel.cluster.kafka;
}
