package io.backchannel.core.internal.config;

import io.backchannel.core.cluster.ClusterStore;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A console's cluster membership ({@code docs/cluster.md}).
 *
 * @param store the shared store, which the peer closes
 * @param ttl how long a console's entries outlive its last heartbeat read; heartbeats go every third of it
 * @param consoleRole the authenticated role of the other consoles; null relays no call between consoles
 * @param address where the other consoles dial this one; null advertises this peer's listeners
 */
public record ClusterSettings(ClusterStore store, Duration ttl, @Nullable String consoleRole, @Nullable String address) {}
