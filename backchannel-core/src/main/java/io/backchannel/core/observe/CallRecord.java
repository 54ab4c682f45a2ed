package io.backchannel.core.observe;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A finished call as one peer saw it.
 *
 * @param requestId the id both peers log for this call
 * @param remoteNode the node id of the other peer
 * @param failure why the call failed, or null if it succeeded
 */
public record CallRecord(
    String requestId,
    Direction direction,
    String route,
    String remoteNode,
    Duration duration,
    @Nullable Throwable failure) {

  /** {@code "ok"}, {@code "cancelled"}, or the simple class name of the failure. */
  public String outcome() {
    return failure == null ? "ok" : failure.getClass().getSimpleName();
  }
}
