package io.backchannel.core;

import io.backchannel.core.internal.call.InboundCall;
import java.time.Duration;
import java.util.Optional;

/**
 * The call a handler is serving, readable from the handler's thread while the handler method
 * runs. Calls the handler makes inherit its deadline.
 */
public final class CallContext {
  private static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

  private final InboundCall call;

  private CallContext(InboundCall call) {
    this.call = call;
  }

  /** The call being served on this thread, or empty outside a handler. */
  public static Optional<CallContext> current() {
    InboundCall call = InboundCall.current();
    return call == null ? Optional.empty() : Optional.of(new CallContext(call));
  }

  /** The request id the caller chose; it is also in the SLF4J MDC as {@code requestId}. */
  public String requestId() {
    return call.requestId();
  }

  /** The route being served, {@code service.method}. */
  public String route() {
    return call.route();
  }

  /** The node id of the caller. */
  public String remoteNode() {
    return call.remoteNode();
  }

  /** What is left of the caller's deadline budget (zero once it has passed). */
  public Duration remaining() {
    long millis = call.deadlines().remainingMillis(call.deadlineNanos());
    return millis == Long.MAX_VALUE ? FOREVER : Duration.ofMillis(millis);
  }
}
