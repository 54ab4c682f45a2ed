package io.backchannel.core.observe;

import io.micrometer.common.KeyValues;

/**
 * Observation {@value #NAME}, contextual name the route, low-cardinality {@code route}, {@code
 * outcome} and {@code remote.role}, high-cardinality {@code request.id} and {@code remote.node}
 * ({@link BackchannelObservationDocumentation#CLIENT}).
 */
public class DefaultBackchannelClientObservationConvention implements BackchannelClientObservationConvention {
  /** The observation's name. */
  public static final String NAME = "backchannel.client.calls";

  /** The shared instance. */
  public static final DefaultBackchannelClientObservationConvention INSTANCE = new DefaultBackchannelClientObservationConvention();

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(BackchannelSenderContext context) {
    return context.call().route();
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(BackchannelSenderContext context) {
    return CallKeyValues.low(context);
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(BackchannelSenderContext context) {
    return CallKeyValues.high(context);
  }
}
