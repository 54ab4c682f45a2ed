package io.backchannel.core.internal.connect;

import io.backchannel.core.internal.transport.RedactedUri;
import io.backchannel.core.auth.Authenticator;
import io.backchannel.core.internal.config.PeerSettings;
import io.backchannel.core.internal.metrics.PeerMetrics;
import io.backchannel.core.internal.session.Handshake;
import io.backchannel.core.internal.session.SetupAcceptor;
import io.backchannel.core.transport.ListenerLimits;
import io.backchannel.core.transport.TransportFactory;
import io.backchannel.core.transport.Transports;
import io.rsocket.Closeable;
import io.rsocket.core.RSocketServer;
import io.rsocket.transport.ServerTransport;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;

/** Binds listeners: a server transport for the URI, with every SETUP going to the acceptor. */
public final class Binder {
  private static final Logger LOG = LoggerFactory.getLogger(Binder.class);

  private final PeerSettings settings;
  private final RSocketOptions options;
  private final SetupAcceptor acceptor;
  private final Authenticator authenticator;
  private final ListenerLimits limits;

  /** A bound server transport and the URI that reaches it. */
  public record Bound(URI uri, Closeable server) {}

  public Binder(PeerSettings settings, PeerMetrics metrics, Authenticator authenticator, SetupAcceptor acceptor) {
    this.settings = settings;
    this.authenticator = authenticator;
    this.options = new RSocketOptions(settings, metrics);
    this.acceptor = acceptor;
    this.limits = settings.listenerLimits().reportingTo(refusal -> metrics.connectionRefused(refusal.tag()));
  }

  /** See {@code Peer.listen}; blocks up to the connect timeout. */
  public Bound bind(String uri) {
    if (authenticator.isInsecure()) {
      LOG.warn("node {} listens on {} WITHOUT authentication (Authenticator.insecureAllowAll)", settings.nodeId(),
          RedactedUri.of(uri));
    }
    URI requested = URI.create(uri);
    TransportFactory factory = Transports.forUri(requested);
    ServerTransport<? extends Closeable> transport = factory.server(requested, limits);
    RSocketServer server = options.server(RSocketServer.create(acceptor.forListener(factory.streamPrefetch(requested))), factory, requested, transport.maxFrameLength());
    Closeable bound;
    try {
      bound = server.bind(transport).block(settings.connectTimeout());
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot listen on " + RedactedUri.of(uri) + ": " + Handshake.describe(e), Exceptions.unwrap(e));
    }
    if (bound == null) {
      throw new IllegalStateException("cannot listen on " + RedactedUri.of(uri) + ": transport returned no server");
    }
    URI reachable = factory.boundUri(requested, bound);
    LOG.info("node {} listening on {}", settings.nodeId(), RedactedUri.of(reachable.toString()));
    return new Bound(reachable, bound);
  }
}
