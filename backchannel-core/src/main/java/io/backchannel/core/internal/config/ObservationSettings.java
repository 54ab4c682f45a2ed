package io.backchannel.core.internal.config;

import io.backchannel.core.observe.BackchannelClientObservationConvention;
import io.backchannel.core.observe.BackchannelServerObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Where a peer reports each call as an Observation, and the conventions that name and tag them.
 *
 * @param client replaces the default client convention, if not null
 * @param server replaces the default server convention, if not null
 */
public record ObservationSettings(
    ObservationRegistry registry,
    @Nullable BackchannelClientObservationConvention client,
    @Nullable BackchannelServerObservationConvention server) {}
