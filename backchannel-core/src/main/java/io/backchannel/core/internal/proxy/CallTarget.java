package io.backchannel.core.internal.proxy;

import io.backchannel.core.internal.wire.PayloadCodec;
import io.rsocket.RSocket;

/** Where one call goes: the requester of a live connection, its codec, and the node behind it. */
public interface CallTarget {
  RSocket requester();

  PayloadCodec codec();

  String nodeId();
}
