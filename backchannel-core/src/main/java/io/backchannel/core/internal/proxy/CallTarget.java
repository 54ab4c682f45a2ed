package io.backchannel.core.internal.proxy;

import io.backchannel.core.internal.wire.PayloadCodec;
import io.rsocket.RSocket;
import org.jspecify.annotations.Nullable;

/** Where one call goes: the requester of a live connection, its codec, and the node behind it. */
public interface CallTarget {
  RSocket requester();

  PayloadCodec codec();

  /** The node that serves the call. */
  String nodeId();

  /** The node a hub must relay the call to, or null when {@link #requester()} reaches it directly. */
  default @Nullable String destination() {
    return null;
  }

  /** Stream items to ask for ahead over the connection behind this target. */
  default int streamPrefetch() {
    return io.backchannel.core.transport.TransportFactory.DEFAULT_STREAM_PREFETCH;
  }

  /** Whether the connection behind this target is still open. */
  boolean isOpen();

  /** A call to this target started; feeds least-loaded routing. */
  default void callStarted() {}

  /** A call to this target ended after {@code nanos}. */
  default void callEnded(long nanos, boolean succeeded) {}
}
