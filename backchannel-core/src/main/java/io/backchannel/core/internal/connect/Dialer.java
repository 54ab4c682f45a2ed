package io.backchannel.core.internal.connect;

import io.backchannel.core.internal.transport.RedactedUri;
import io.backchannel.NotConnectedException;
import io.backchannel.PeerRejectedException;
import io.backchannel.core.auth.Principal;
import io.backchannel.core.internal.call.IoThreads;
import io.backchannel.core.internal.config.PeerSettings;
import io.backchannel.core.internal.metrics.PeerMetrics;
import io.backchannel.core.internal.session.Handshake;
import io.backchannel.core.internal.session.Session;
import io.backchannel.core.internal.session.SessionFactory;
import io.backchannel.core.internal.wire.MimeTypes;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.transport.TransportFactory;
import io.backchannel.core.transport.Transports;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketConnector;
import io.rsocket.exceptions.RejectedSetupException;
import io.rsocket.transport.ClientTransport;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;

/** Dials a URI once: connects, learns whom it reached through the handshake, and registers the session. */
public final class Dialer {
  private static final Logger LOG = LoggerFactory.getLogger(Dialer.class);

  private final PeerSettings settings;
  private final RSocketOptions options;
  private final SessionFactory sessions;
  private final Handshake handshake;
  private final @Nullable ListenerVerifier verifier;

  /** @param verifier proves each listener by its certificate; without it, a listener's hello is taken as it is */
  public Dialer(PeerSettings settings, PeerMetrics metrics, SessionFactory sessions, Handshake handshake,
      @Nullable ListenerVerifier verifier) {
    this.settings = settings;
    this.options = new RSocketOptions(settings, metrics);
    this.sessions = sessions;
    this.handshake = handshake;
    this.verifier = verifier;
  }

  /** See {@code Peer.dial}; blocks up to the connect timeout. */
  public Session dial(String uri) {
    return dial(uri, false);
  }

  /**
   * Like {@link #dial(String)}, for a link. {@code alternatives}: the link has other URIs (other
   * consoles) to go to, so a dropped connection is resumed (if resumption is on) for a few attempts
   * only, not for the whole session timeout, before it closes and the link dials another console.
   */
  public Session dial(String uri, boolean alternatives) {
    if (IoThreads.isCurrentNonBlocking()) {
      throw new IllegalStateException("dial blocks and must not run on non-blocking thread " + Thread.currentThread().getName());
    }
    URI target = URI.create(uri);
    TransportFactory factory = Transports.forUri(target);
    String shown = RedactedUri.of(uri);
    VerifiedTransport verified = verifier == null ? null : verifier.transport(factory.client(target), shown);
    ClientTransport transport = verified != null ? verified : factory.client(target);
    Session session = sessions.create(settings.dialCodec(), new NodeInfo("?", "?", "?", Map.of(), List.of(), null), true,
        factory.streamPrefetch(target));
    RSocketConnector connector = options.connector(RSocketConnector.create(), factory, target, transport.maxFrameLength(),
            alternatives)
        .metadataMimeType(MimeTypes.COMPOSITE)
        .dataMimeType(settings.dialCodec().mimeType())
        .setupPayload(handshake.setupPayload())
        .acceptor(SocketAcceptor.with(sessions.dispatcher(session)));
    RSocket socket;
    try {
      socket = connector.connect(transport).block(settings.connectTimeout());
    } catch (RuntimeException e) {
      Throwable cause = Exceptions.unwrap(e);
      if (cause instanceof PeerRejectedException refused) {
        throw refused; // this node refused the listener, before sending it SETUP
      }
      if (cause instanceof RejectedSetupException rejected) {
        throw new PeerRejectedException("peer rejected the connection: " + rejected.getMessage(), null, rejected);
      }
      throw new NotConnectedException("cannot connect to " + shown + ": " + Handshake.describe(e), null, cause);
    }
    if (socket == null) {
      throw new NotConnectedException("cannot connect to " + shown + ": no connection", null, null);
    }
    session.attach(socket);
    try {
      NodeInfo claimed = handshake.askHello(socket, shown);
      session.identify(verified == null ? claimed : verified.identify(claimed));
    } catch (RuntimeException e) {
      socket.dispose();
      throw e;
    }
    boolean taken = sessions.registry().session(session.nodeId()) != null;
    if (!sessions.register(session)) {
      throw new NotConnectedException(taken
          ? "the node at " + shown + " claims node id '" + session.nodeId() + "', which is already connected; "
              + "a dialed node cannot take a connected node's id"
          : "node " + session.nodeId() + " at " + shown + " could not be registered", null, null);
    }
    if (verified != null) {
      Principal proven = verified.closeAtExpiry(session);
      LOG.info("node {} connected to node {} of tenant {} as {}, verified by its certificate, at {}", settings.nodeId(),
          session.nodeId(), proven.tenant(), proven.role(), shown);
    } else {
      LOG.info("node {} connected to node {} at {}", settings.nodeId(), session.nodeId(), shown);
    }
    return session;
  }
}
