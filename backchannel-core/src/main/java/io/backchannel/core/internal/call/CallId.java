package io.backchannel.core.internal.call;

import io.backchannel.core.observe.CallRecord;
import io.backchannel.core.observe.Direction;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Who and what a call is, known from its start; becomes a {@link CallRecord} when it ends. */
public record CallId(String requestId, Direction direction, String route, String remoteNode) {
  CallRecord finish(Duration duration, @Nullable Throwable failure) {
    return new CallRecord(requestId, direction, route, remoteNode, duration, failure);
  }
}
