package io.backchannel.core.observe;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of a call this peer makes; give your own to {@code
 * PeerBuilder.observationConventions} to change them, typically by extending {@link
 * DefaultBackchannelClientObservationConvention}. Keep low-cardinality key values bounded: never a
 * node id or a request id.
 */
public interface BackchannelClientObservationConvention extends ObservationConvention<BackchannelSenderContext> {
  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof BackchannelSenderContext;
  }
}
