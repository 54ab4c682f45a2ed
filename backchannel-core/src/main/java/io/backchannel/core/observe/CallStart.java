package io.backchannel.core.observe;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A call as it starts, shown to each {@link CallInterceptor}.
 *
 * @param direction whether this peer makes or serves the call
 * @param route {@code service.method}; {@code "?"} for an inbound call to a route nobody exports
 * @param remoteNode the node id at the other end (the caller, or the callee)
 * @param requestId the call's id, the same on both sides
 * @param deadline how long the call has left, or {@code null} if it has no deadline
 * @param metadata the request's metadata entries: writable for outbound calls, read-only inbound
 */
public record CallStart(
    Direction direction,
    String route,
    String remoteNode,
    String requestId,
    @Nullable Duration deadline,
    CallMetadata metadata) {
  public CallStart {
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(remoteNode, "remoteNode");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(metadata, "metadata");
  }
}
