package io.backchannel.core.internal.config;

import io.backchannel.core.cluster.ClusterStore;
import java.time.Duration;

/**
 * A console's cluster membership ({@code docs/cluster.md}).
 *
 * @param store the shared store, which the peer closes
 * @param ttl how long a console's entries outlive its last heartbeat read; heartbeats go every third of it
 */
public record ClusterSettings(ClusterStore store, Duration ttl) {}
