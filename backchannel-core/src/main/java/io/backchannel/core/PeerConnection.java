package io.backchannel.core;

import io.backchannel.ConnectionLostException;
import io.backchannel.core.internal.dispatch.InboundSession;
import io.backchannel.core.internal.proxy.CallTarget;
import io.backchannel.core.internal.proxy.ProxyHandler;
import io.backchannel.core.internal.proxy.TargetResolver;
import io.backchannel.core.internal.wire.Control;
import io.backchannel.core.internal.wire.Origin;
import io.backchannel.core.internal.wire.PayloadCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.rsocket.RSocket;
import io.rsocket.util.ByteBufPayload;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One session: a live connection, the authenticated node behind it, its state and load. Both the
 * caller side ({@link CallTarget}) and the responder side ({@link InboundSession}) of the
 * connection use it. The remote node is known from SETUP on the accepting side and from the hello
 * response on the dialing side, so it may be set after construction.
 */
final class PeerConnection implements Connection, CallTarget, InboundSession {
  private final Peer peer;
  private final PayloadCodec codec;
  private final boolean dialed;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final LoadStats load = new LoadStats();
  private volatile NodeInfo remote;
  private volatile @Nullable RSocket requester; // set by attach(), right after the session is accepted
  private volatile boolean draining;

  PeerConnection(Peer peer, PayloadCodec codec, NodeInfo remote, boolean dialed) {
    this.peer = peer;
    this.codec = codec;
    this.remote = remote;
    this.dialed = dialed;
  }

  void attach(RSocket requester) {
    this.requester = requester;
    requester.onClose().doFinally(signal -> closed.complete(null)).subscribe(null, error -> {});
  }

  void identify(NodeInfo remote) {
    this.remote = remote;
  }

  void markDraining() {
    draining = true;
  }

  boolean isDraining() {
    return draining;
  }

  boolean isDialed() {
    return dialed;
  }

  LoadStats load() {
    return load;
  }

  /** Sends a control message; best effort, as a lost one is superseded by the next. */
  void push(Control control) {
    RSocket socket = requester;
    if (socket == null || socket.isDisposed()) {
      return;
    }
    ByteBuf metadata = control.encode(codec.allocator());
    socket.metadataPush(ByteBufPayload.create(Unpooled.EMPTY_BUFFER, metadata)).subscribe(null, error -> {});
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
    return Objects.requireNonNull(requester, "session not attached to its RSocket yet");
  }

  @Override
  public PayloadCodec codec() {
    return codec;
  }

  @Override
  public void callStarted() {
    load.started();
  }

  @Override
  public void callEnded(long nanos, boolean succeeded) {
    load.ended(nanos, succeeded);
  }

  @Override
  public <T> T proxy(Class<T> type) {
    return ProxyHandler.create(type, new ThisConnection(), peer.callerSettings());
  }

  @Override
  public List<NodeInfo> listNodes(NodeSelector selector) {
    if (!isOpen()) {
      throw new ConnectionLostException(this + " is closed", null, null);
    }
    return peer.listRemote(this, selector);
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

  // InboundSession: called on this connection's I/O thread.

  @Override
  public String remoteNodeId() {
    return remote.nodeId();
  }

  @Override
  public Origin asOrigin() {
    NodeInfo node = remote;
    return new Origin(node.nodeId(), node.tenant(), node.role(), peer.isCrossTenant(node.role()));
  }

  @Override
  public boolean isHubConnection() {
    return peer.isHub(this);
  }

  @Override
  public String ownNodeId() {
    return peer.node().nodeId();
  }

  @Override
  public @Nullable String ownTenant() {
    return peer.claimedTenant();
  }

  @Override
  public void onControl(Control control) {
    peer.onControl(this, control);
  }

  @Override
  public RSocket relayTarget(String destination) {
    return peer.router().relayTarget(this, destination);
  }

  @Override
  public byte[] visibleNodes(ByteBuf selectorJson) {
    return peer.sessions().visibleNodesJson(this, selectorJson);
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
