/**
 * A console cluster: consoles that share one registry through a {@link ClusterStore}, the SPI a
 * store implements ({@code docs/cluster.md}). {@link InMemoryCluster} is a store inside one JVM;
 * {@code backchannel-cluster-kafka} provides one on a Kafka compacted topic.
 */
@NullMarked
package io.backchannel.core.cluster;

import org.jspecify.annotations.NullMarked;
