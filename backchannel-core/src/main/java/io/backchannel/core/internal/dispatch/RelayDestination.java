package io.backchannel.core.internal.dispatch;

import io.rsocket.RSocket;
import org.jspecify.annotations.Nullable;

/** The connection a hub relays a call to. */
public interface RelayDestination {
  /** The node's requester, on which the call is forwarded. */
  RSocket requester();

  /** What is queued for that node, bounding what the hub relays to it. */
  RelayBuffer relayBuffer();

  /**
   * The destination the forwarded call names: null when the connection is the node's own, the
   * node id when it is another console's, which relays the call on.
   */
  default @Nullable String forwardedDestination() {
    return null;
  }
}
