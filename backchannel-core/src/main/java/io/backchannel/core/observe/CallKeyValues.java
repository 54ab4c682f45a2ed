package io.backchannel.core.observe;

import io.backchannel.core.observe.BackchannelObservationDocumentation.HighCardinalityKeys;
import io.backchannel.core.observe.BackchannelObservationDocumentation.LowCardinalityKeys;
import io.micrometer.common.KeyValues;

/** The key values both default conventions give a call. */
final class CallKeyValues {
  private CallKeyValues() {}

  static KeyValues low(BackchannelCallContext context) {
    return KeyValues.of(
        LowCardinalityKeys.ROUTE.withValue(context.call().route()),
        LowCardinalityKeys.OUTCOME.withValue(context.outcome()),
        LowCardinalityKeys.REMOTE_ROLE.withValue(context.remoteRole()));
  }

  static KeyValues high(BackchannelCallContext context) {
    return KeyValues.of(
        HighCardinalityKeys.REQUEST_ID.withValue(context.call().requestId()),
        HighCardinalityKeys.REMOTE_NODE.withValue(context.call().remoteNode()));
  }
}
