/**
 * A console cluster's shared registry on a Kafka compacted topic: {@link KafkaClusterStore}, the one
 * public type; everything else here is implementation.
 */
@NullMarked
package io.backchannel.cluster.kafka;

import org.jspecify.annotations.NullMarked;
