package io.backchannel.core.observe;

import io.micrometer.common.KeyValues;

/**
 * Observation {@value #NAME}, contextual name the route, low-cardinality {@code route}, {@code
 * outcome} and {@code remote.role}, high-cardinality {@code request.id} and {@code remote.node}
 * ({@link BackchannelObservationDocumentation#SERVER}).
 */
public class DefaultBackchannelServerObservationConvention implements BackchannelServerObservationConvention {
  /** The observation's name. */
  public static final String NAME = "backchannel.server.calls";

  /** The shared instance. */
  public static final DefaultBackchannelServerObservationConvention INSTANCE = new DefaultBackchannelServerObservationConvention();

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(BackchannelReceiverContext context) {
    return context.call().route();
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(BackchannelReceiverContext context) {
    return CallKeyValues.low(context);
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(BackchannelReceiverContext context) {
    return CallKeyValues.high(context);
  }
}
