package io.backchannel.core.internal.dispatch;

import io.rsocket.RSocket;

/** The connection a hub relays a call to. */
public interface RelayDestination {
  /** The node's requester, on which the call is forwarded. */
  RSocket requester();

  /** What is queued for that node, bounding what the hub relays to it. */
  RelayBuffer relayBuffer();
}
