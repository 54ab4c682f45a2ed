package io.backchannel.core.observe;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import java.util.Objects;

/**
 * The {@link io.micrometer.observation.Observation} context of a call this peer makes: a client
 * observation whose carrier is the request's metadata, so that a tracer's propagator injects the
 * trace context there ({@link TraceMetadata}). Made on the thread that resolves the call's target.
 */
public final class BackchannelSenderContext extends SenderContext<CallMetadata> implements BackchannelCallContext {
  private final CallStart call;
  private final String remoteRole;

  /**
   * @param call the call as it starts; its metadata must be writable
   * @param remoteRole the role of the called node as this peer knows it, or {@code "unknown"}
   */
  public BackchannelSenderContext(CallStart call, String remoteRole) {
    super(TraceMetadata::set, Kind.CLIENT);
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
