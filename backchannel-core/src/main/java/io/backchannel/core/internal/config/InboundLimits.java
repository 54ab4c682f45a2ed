package io.backchannel.core.internal.config;

import java.time.Duration;

/**
 * The shares of a peer's serving capacity, below {@code maxConcurrentCalls}, that keep one tenant
 * or one connection from taking all of it, and the longest any inbound call may run.
 *
 * @param callsPerTenant the most calls (relayed ones included) the nodes of one tenant have served at once
 * @param callsPerConnection the most calls one connection has served at once
 * @param streamsPerConnection the most request-streams and request-channels open at once on one connection
 * @param maxDeadline the longest budget this peer grants an inbound or relayed call, whatever the caller asks
 * @param relayBufferBytes relayed bytes a connection may have queued on the hub before new relayed
 *     frames to it are refused
 */
public record InboundLimits(
    int callsPerTenant, int callsPerConnection, int streamsPerConnection, Duration maxDeadline, long relayBufferBytes) {}
