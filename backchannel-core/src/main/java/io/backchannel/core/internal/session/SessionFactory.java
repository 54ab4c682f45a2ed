package io.backchannel.core.internal.session;

import io.backchannel.core.codec.Codec;
import io.backchannel.core.internal.dispatch.DispatchSettings;
import io.backchannel.core.internal.dispatch.Dispatcher;
import io.backchannel.core.internal.metrics.PeerMetrics;
import io.backchannel.core.internal.wire.PayloadCodec;
import io.backchannel.core.node.NodeInfo;
import io.netty.buffer.ByteBufAllocator;

/** Makes the sessions of one peer and the dispatcher that serves each. */
public final class SessionFactory {
  private final SessionEnvironment env;
  private final DispatchSettings dispatch;
  private final SessionRegistry registry;
  private final PeerMetrics metrics;
  private final ByteBufAllocator allocator;
  private final int maxPayloadSize;

  public SessionFactory(SessionEnvironment env, DispatchSettings dispatch, SessionRegistry registry, PeerMetrics metrics,
      ByteBufAllocator allocator, int maxPayloadSize) {
    this.env = env;
    this.dispatch = dispatch;
    this.registry = registry;
    this.metrics = metrics;
    this.allocator = allocator;
    this.maxPayloadSize = maxPayloadSize;
  }

  /**
   * A session not yet attached to its connection; {@code remote} may be refined by the handshake.
   * {@code streamPrefetch} is its transport's ({@code TransportFactory.streamPrefetch}).
   */
  public Session create(Codec codec, NodeInfo remote, boolean dialed, int streamPrefetch) {
    return new Session(env, new PayloadCodec(codec, allocator, maxPayloadSize), remote, dialed, streamPrefetch);
  }

  /** The responder that serves {@code session}'s inbound requests. */
  public Dispatcher dispatcher(Session session) {
    return new Dispatcher(dispatch, session.codec(), session);
  }

  /**
   * Registers an attached, identified session (see {@link SessionRegistry#register}) and makes
   * sure its tenant has session gauges.
   */
  public boolean register(Session session) {
    if (session.isDialed() && registry.session(session.nodeId()) != null) {
      metrics.refused("dialed_id_taken");
    }
    if (!registry.register(session)) {
      return false;
    }
    metrics.tenantSeen(session.remote().tenant(), registry::count);
    return true;
  }

  /** The control messages of this peer's sessions (and the bounds on what a node announces). */
  SessionControl control() {
    return env.control();
  }

  public SessionRegistry registry() {
    return registry;
  }
}
