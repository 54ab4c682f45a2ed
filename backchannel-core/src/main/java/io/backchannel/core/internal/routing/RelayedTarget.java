package io.backchannel.core.internal.routing;

import io.backchannel.core.internal.dispatch.RelayBuffer;
import io.backchannel.core.internal.dispatch.RelayDestination;
import io.backchannel.core.internal.proxy.CallTarget;
import io.backchannel.core.internal.session.LoadStats;
import io.backchannel.core.internal.session.Session;
import io.backchannel.core.internal.wire.PayloadCodec;
import io.rsocket.RSocket;
import org.jspecify.annotations.Nullable;

/**
 * A call to {@code destination} that the node at the other end of {@code via} relays: this node's
 * hub, or in a console cluster the console holding the destination. It is also where a console
 * forwards a call it relays to a node another console holds ({@link RelayDestination}).
 *
 * @param load this node's calls to the destination, for least-loaded routing; null when none is kept
 */
public record RelayedTarget(Session via, String destination, @Nullable LoadStats load)
    implements CallTarget, RelayDestination {
  /** A relayed call whose load nobody keeps. */
  public RelayedTarget(Session via, String destination) {
    this(via, destination, null);
  }

  @Override
  public void callStarted() {
    if (load != null) {
      load.started();
    }
  }

  @Override
  public void callEnded(long nanos, boolean succeeded) {
    if (load != null) {
      load.ended(nanos, succeeded);
    }
  }

  @Override
  public int streamPrefetch() {
    return via.streamPrefetch();
  }

  @Override
  public boolean isOpen() {
    return via.isOpen();
  }

  @Override
  public RSocket requester() {
    return via.requester();
  }

  @Override
  public PayloadCodec codec() {
    return via.codec();
  }

  @Override
  public String nodeId() {
    return destination;
  }

  @Override
  public String destination() {
    return destination;
  }

  @Override
  public RelayBuffer relayBuffer() {
    return via.relayBuffer();
  }

  @Override
  public String forwardedDestination() {
    return destination;
  }
}
