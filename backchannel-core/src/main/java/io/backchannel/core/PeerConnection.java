package io.backchannel.core;

import io.backchannel.ConnectionLostException;
import io.backchannel.core.internal.proxy.CallTarget;
import io.backchannel.core.internal.proxy.ProxyHandler;
import io.backchannel.core.internal.proxy.TargetResolver;
import io.backchannel.core.internal.wire.PayloadCodec;
import io.rsocket.RSocket;
import java.util.concurrent.CompletableFuture;

/**
 * A connection as the peer tracks it. The remote node is known from SETUP on the accepting side
 * and from the hello response on the dialing side, so it is set after construction there.
 */
final class PeerConnection implements Connection, CallTarget {
  private final Peer peer;
  private final PayloadCodec codec;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile NodeInfo remote;
  private volatile RSocket requester;

  PeerConnection(Peer peer, PayloadCodec codec, NodeInfo remote) {
    this.peer = peer;
    this.codec = codec;
    this.remote = remote;
  }

  void attach(RSocket requester) {
    this.requester = requester;
    requester.onClose().doFinally(signal -> closed.complete(null)).subscribe(null, error -> {});
  }

  void identify(NodeInfo remote) {
    this.remote = remote;
  }

  @Override
  public NodeInfo remote() {
    return remote;
  }

  @Override
  public String nodeId() {
    return remote.nodeId();
  }

  @Override
  public RSocket requester() {
    return requester;
  }

  @Override
  public PayloadCodec codec() {
    return codec;
  }

  @Override
  public <T> T proxy(Class<T> type) {
    return ProxyHandler.create(type, new ThisConnection(), peer.callerSettings());
  }

  @Override
  public boolean isOpen() {
    RSocket socket = requester;
    return socket != null && !socket.isDisposed() && !closed.isDone();
  }

  @Override
  public CompletableFuture<Void> onClose() {
    return closed.copy();
  }

  @Override
  public void close() {
    RSocket socket = requester;
    if (socket != null) {
      socket.dispose();
    }
  }

  @Override
  public String toString() {
    return "connection to node " + remote.nodeId();
  }

  /** Resolves to this connection while it is open. */
  private final class ThisConnection implements TargetResolver {
    @Override
    public CallTarget resolve() {
      if (!isOpen()) {
        throw new ConnectionLostException("connection to node " + remote.nodeId() + " is closed", null, null);
      }
      return PeerConnection.this;
    }

    @Override
    public String describe() {
      return PeerConnection.this.toString();
    }
  }
}
