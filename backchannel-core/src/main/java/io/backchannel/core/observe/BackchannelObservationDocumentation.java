package io.backchannel.core.observe;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations a peer makes with {@code PeerBuilder.observations}: one per call on each side,
 * named {@value DefaultBackchannelClientObservationConvention#NAME} and {@value
 * DefaultBackchannelServerObservationConvention#NAME}, with the route as contextual (span) name.
 */
public enum BackchannelObservationDocumentation implements ObservationDocumentation {
  /** A call this peer makes. */
  CLIENT {
    @Override
    public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
      return DefaultBackchannelClientObservationConvention.class;
    }
  },

  /** A call this peer serves. */
  SERVER {
    @Override
    public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
      return DefaultBackchannelServerObservationConvention.class;
    }
  };

  @Override
  public KeyName[] getLowCardinalityKeyNames() {
    return LowCardinalityKeys.values();
  }

  @Override
  public KeyName[] getHighCardinalityKeyNames() {
    return HighCardinalityKeys.values();
  }

  /** Tags of bounded values, fit for metrics: never a node id or a request id. */
  public enum LowCardinalityKeys implements KeyName {
    /** {@code Service.method}; {@code "?"} for an inbound call to a route nobody exports. */
    ROUTE("route"),
    /** {@code "ok"} or the simple class name of the failure. */
    OUTCOME("outcome"),
    /** The remote node's role ({@link BackchannelCallContext#remoteRole()}). */
    REMOTE_ROLE("remote.role");

    private final String key;

    LowCardinalityKeys(String key) {
      this.key = key;
    }

    @Override
    public String asString() {
      return key;
    }
  }

  /** Values per call, for spans only. */
  public enum HighCardinalityKeys implements KeyName {
    /** The call's request id, the same on both sides. */
    REQUEST_ID("request.id"),
    /** The node id at the other end. */
    REMOTE_NODE("remote.node");

    private final String key;

    HighCardinalityKeys(String key) {
      this.key = key;
    }

    @Override
    public String asString() {
      return key;
    }
  }
}
