package io.backchannel.core.internal.call;

import io.backchannel.core.observe.CallInterceptor;
import io.backchannel.core.observe.CallObserver;
import io.backchannel.core.observe.CallRecord;
import io.backchannel.core.observe.CallStart;
import io.backchannel.core.observe.Direction;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A built-in interceptor that only needs a call's end, told as plain fields: the chain then builds
 * no {@link CallStart} or {@link CallRecord} for it, so the call log and meters cost no more per
 * call than the aspect they replace. Fast, non-blocking, never throws.
 */
public interface CallSink extends CallInterceptor {

  /** The call ended after {@code nanos} with {@code failure} (null for success). */
  void finished(Direction direction, String route, String remoteNode, String requestId, long nanos,
      @Nullable Throwable failure);

  /** Used only where a sink sits in a chain as a plain interceptor. */
  @Override
  default CallObserver onStart(CallStart call) {
    return record -> finished(record.direction(), record.route(), record.remoteNode(), record.requestId(),
        record.duration().toNanos(), record.failure());
  }

  /** The record of a call, for sinks that need one (the slow-call listener). */
  static CallRecord record(Direction direction, String route, String remoteNode, String requestId, long nanos,
      @Nullable Throwable failure) {
    return new CallRecord(requestId, direction, route, remoteNode, Duration.ofNanos(nanos), failure);
  }
}
