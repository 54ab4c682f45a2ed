package io.backchannel.core.internal.tracing;

import io.backchannel.core.internal.call.ScopedObserver;
import io.backchannel.core.observe.BackchannelClientObservationConvention;
import io.backchannel.core.observe.BackchannelObservationDocumentation;
import io.backchannel.core.observe.BackchannelReceiverContext;
import io.backchannel.core.observe.BackchannelSenderContext;
import io.backchannel.core.observe.BackchannelServerObservationConvention;
import io.backchannel.core.observe.CallInterceptor;
import io.backchannel.core.observe.CallObserver;
import io.backchannel.core.observe.CallRecord;
import io.backchannel.core.observe.CallStart;
import io.backchannel.core.observe.DefaultBackchannelClientObservationConvention;
import io.backchannel.core.observe.DefaultBackchannelServerObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Makes every call a Micrometer {@link Observation}: a client one with a {@link
 * BackchannelSenderContext} for a call this peer makes (a tracer injects the trace context into
 * the request's metadata as it starts), a server one with a {@link BackchannelReceiverContext} for
 * a call it serves (a tracer extracts it), in scope on the handler's thread. A call a hub relays
 * gets none: the hub forwards the caller's trace entries untouched, so the callee's server span is
 * a child of the caller's client span.
 */
public final class ObservationInterceptor implements CallInterceptor {
  private final ObservationRegistry registry;
  private final @Nullable BackchannelClientObservationConvention clientConvention;
  private final @Nullable BackchannelServerObservationConvention serverConvention;
  private final Function<String, String> roles;

  /**
   * @param clientConvention replaces the default client convention, if not null
   * @param serverConvention replaces the default server convention, if not null
   * @param roles the role of a connected node by node id, {@code "unknown"} for any other
   */
  public ObservationInterceptor(ObservationRegistry registry, @Nullable BackchannelClientObservationConvention clientConvention,
      @Nullable BackchannelServerObservationConvention serverConvention, Function<String, String> roles) {
    this.registry = registry;
    this.clientConvention = clientConvention;
    this.serverConvention = serverConvention;
    this.roles = roles;
  }

  @Override
  public @Nullable CallObserver onStart(CallStart call) {
    return switch (call.direction()) {
      case OUTBOUND -> {
        BackchannelSenderContext context = new BackchannelSenderContext(call, roles.apply(call.remoteNode()));
        // Started here, the tracer injects the context into call.metadata() before the request is encoded.
        yield new Ending(BackchannelObservationDocumentation.CLIENT.observation(clientConvention,
            DefaultBackchannelClientObservationConvention.INSTANCE, () -> context, registry).start(), null);
      }
      case INBOUND -> {
        BackchannelReceiverContext context = new BackchannelReceiverContext(call, roles.apply(call.remoteNode()));
        Observation observation = BackchannelObservationDocumentation.SERVER.observation(serverConvention,
            DefaultBackchannelServerObservationConvention.INSTANCE, () -> context, registry).start();
        yield new Ending(observation, new HandlerMdc(observation, call));
      }
      case RELAYED -> null;
    };
  }

  /** Stops the observation when the call ends; an inbound one also has a scope for the handler. */
  private record Ending(Observation observation, @Nullable HandlerMdc mdc) implements ScopedObserver {
    @Override
    public void onEnd(CallRecord record) {
      Throwable failure = record.failure();
      if (failure != null) {
        observation.error(failure);
      }
      observation.stop();
    }

    @Override
    public Scope openScope() {
      if (mdc == null) {
        return Scope.NONE;
      }
      Observation.Scope scope = observation.openScope();
      Scope ids = mdc.put();
      return () -> {
        ids.close();
        scope.close();
      };
    }
  }
}
