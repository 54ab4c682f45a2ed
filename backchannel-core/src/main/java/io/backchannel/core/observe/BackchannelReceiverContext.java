package io.backchannel.core.observe;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import java.util.Objects;

/**
 * The {@link io.micrometer.observation.Observation} context of a call this peer serves: a server
 * observation whose carrier is the request's metadata, from which a tracer's propagator extracts
 * the caller's trace context ({@link TraceMetadata}). Made on the I/O thread that accepted the
 * request; the observation is in scope on the handler's thread while the handler runs.
 */
public final class BackchannelReceiverContext extends ReceiverContext<CallMetadata> implements BackchannelCallContext {
  private final CallStart call;
  private final String remoteRole;

  /**
   * @param call the call as it starts
   * @param remoteRole the role of the calling node as this peer knows it, or {@code "unknown"}
   */
  public BackchannelReceiverContext(CallStart call, String remoteRole) {
    super(TraceMetadata::get, Kind.SERVER);
    this.call = Objects.requireNonNull(call, "call");
    this.remoteRole = Objects.requireNonNull(remoteRole, "remoteRole");
    setCarrier(call.metadata());
    setRemoteServiceName(call.remoteNode());
  }

  @Override
  public CallStart call() {
    return call;
  }

  @Override
  public String remoteRole() {
    return remoteRole;
  }
}
