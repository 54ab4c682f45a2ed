package io.backchannel.core.internal.session;

import io.backchannel.NotConnectedException;
import io.backchannel.core.internal.call.CallScopes;
import io.backchannel.core.internal.dispatch.InboundSession;
import io.backchannel.core.internal.dispatch.RelayBuffer;
import io.backchannel.core.internal.dispatch.RelayDestination;
import io.backchannel.core.internal.proxy.CallTarget;
import io.backchannel.core.internal.proxy.ProxyHandler;
import io.backchannel.core.internal.proxy.TargetResolver;
import io.backchannel.core.internal.wire.Control;
import io.backchannel.core.internal.wire.Origin;
import io.backchannel.core.internal.wire.PayloadCodec;
import io.backchannel.core.node.Connection;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeSelector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.rsocket.RSocket;
import io.rsocket.util.ByteBufPayload;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One session: a live connection, the authenticated node behind it, its state and load. Both the
 * caller side ({@link CallTarget}) and the responder side ({@link InboundSession}) of the
 * connection use it. The remote node is known from SETUP on the accepting side and from the hello
 * response on the dialing side, so it may be set after construction.
 */
public final class Session implements Connection, CallTarget, InboundSession, RelayDestination {
  private final SessionEnvironment env;
  private final PayloadCodec codec;
  private final boolean dialed;
  private final int streamPrefetch;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final LoadStats load = new LoadStats();
  private final RelayBuffer relayBuffer;
  private final AnnounceBounds.Rate announces = new AnnounceBounds.Rate();
  private volatile NodeInfo remote;
  private volatile @Nullable RSocket requester;
  private volatile boolean draining;

  /** @param streamPrefetch stream items asked for ahead over this connection's transport */
  public Session(SessionEnvironment env, PayloadCodec codec, NodeInfo remote, boolean dialed, int streamPrefetch) {
    this.env = env;
    this.codec = codec;
    this.remote = remote;
    this.dialed = dialed;
    this.streamPrefetch = streamPrefetch;
    this.relayBuffer = env.relay().newBuffer();
  }

  public void attach(RSocket requester) {
    this.requester = requester;
    requester.onClose().doFinally(signal -> closed.complete(null)).subscribe(null, error -> {});
  }

  public void identify(NodeInfo remote) {
    this.remote = remote;
  }

  void markDraining() {
    draining = true;
  }

  public boolean isDraining() {
    return draining;
  }

  @Override
  public int streamPrefetch() {
    return streamPrefetch;
  }

  public boolean isDialed() {
    return dialed;
  }

  public LoadStats load() {
    return load;
  }

  /** This session's budget of announcements. */
  AnnounceBounds.Rate announces() {
    return announces;
  }

  /** Sends a control message; best effort, as a lost one is superseded by the next. */
  public void push(Control control) {
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
    RSocket socket = requester;
    if (socket == null) {
      throw new NotConnectedException(this + " is not established yet", null, null);
    }
    return socket;
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
    return ProxyHandler.create(type, new ThisConnection(), env.callers());
  }

  @Override
  public List<NodeInfo> listNodes(NodeSelector selector) {
    if (!isOpen()) {
      throw new NotConnectedException(this + " is closed", null, null);
    }
    return env.listing().list(this, selector);
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
  public String remoteTenant() {
    return remote.tenant();
  }

  @Override
  public Origin asOrigin() {
    NodeInfo node = remote;
    return new Origin(node.nodeId(), node.tenant(), node.role(), env.tenants().isCrossTenant(node.role()));
  }

  @Override
  public Origin originOf(@Nullable Origin claimed) {
    return claimed != null && isConsole() ? claimed : asOrigin();
  }

  @Override
  public boolean isConsole() {
    return !dialed && env.tenants().isConsole(remote.role());
  }

  @Override
  public boolean isHubConnection() {
    return dialed && env.hubIds().contains(remote.nodeId());
  }

  @Override
  public boolean isAuthenticated() {
    return !dialed;
  }

  @Override
  public String ownNodeId() {
    return env.self().nodeId();
  }

  @Override
  public boolean admits(Origin origin) {
    return TenantPolicy.admitsRelayed(origin, env.self().claimedTenant());
  }

  @Override
  public void onControl(Control control) {
    env.control().received(this, control);
  }

  @Override
  public RelayDestination relayTarget(String destination, Origin origin) {
    return env.relay().target(this, origin, destination);
  }

  @Override
  public RelayBuffer relayBuffer() {
    return relayBuffer;
  }

  @Override
  public byte[] visibleNodes(ByteBuf selectorJson) {
    // A node this peer dialed claimed its tenant and role without proof: it may see nothing.
    return dialed ? NodeListing.NOTHING.clone() : env.listing().visibleTo(remote, selectorJson);
  }

  @Override
  public String toString() {
    return "connection to node " + remote.nodeId();
  }

  /** Resolves to this connection while it is open; per-call targets do not apply to it. */
  private final class ThisConnection implements TargetResolver {
    @Override
    public CallTarget resolve() {
      if (!isOpen()) {
        throw new NotConnectedException("connection to node " + remote.nodeId() + " is closed", null, null);
      }
      return Session.this;
    }

    @Override
    public TargetResolver atInvocation() {
      if (CallScopes.TARGET.isBound()) {
        throw new IllegalStateException("CallOptions.target does not apply to a proxy of one connection ("
            + Session.this + "); use a proxy from Peer.proxy(type, target)");
      }
      return this;
    }

    @Override
    public String describe() {
      return Session.this.toString();
    }
  }
}
