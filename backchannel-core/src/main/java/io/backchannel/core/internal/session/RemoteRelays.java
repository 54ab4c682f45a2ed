package io.backchannel.core.internal.session;

import io.backchannel.core.internal.dispatch.RelayDestination;
import io.backchannel.core.internal.wire.Origin;
import org.jspecify.annotations.Nullable;

/** Where a hub relays a call for a node that another console of its cluster holds. */
public interface RemoteRelays {
  /**
   * The connection to the console holding {@code nodeId}, for a call {@code origin} made; null if
   * no live console holds it, it is draining, {@code origin} may not reach it, or that console
   * cannot be reached now.
   */
  @Nullable RelayDestination hop(Origin origin, String nodeId);
}
