package io.backchannel.core.internal.connect;

import io.backchannel.core.internal.config.PeerSettings;
import io.backchannel.core.internal.metrics.PeerMetrics;
import io.backchannel.core.transport.TransportFactory;
import io.rsocket.core.RSocketConnector;
import io.rsocket.core.RSocketServer;
import io.rsocket.core.Resume;
import io.rsocket.frame.decoder.PayloadDecoder;
import java.net.URI;
import java.time.Duration;
import reactor.util.retry.Retry;

/**
 * The one RSocket configuration that both sides of a peer's connections share: zero-copy payloads,
 * byte counting, the inbound size bound, fragmentation to the transport's frame size, and
 * resumption. The dialing side adds keep-alive and its setup.
 */
final class RSocketOptions {
  /** RSocket frames above this need fragmentation on the Netty transports (3-byte length field). */
  private static final int UNFRAGMENTED_LIMIT = 16 * 1024 * 1024 - 1024;
  /** Room for metadata and frame headers above the largest payload. */
  private static final int HEADROOM = 64 * 1024;
  /**
   * Resume attempts of a dialed connection that has other consoles to go to. A resume token is
   * only good at the console that issued it, so a dead console is better left after a few refused
   * reconnects than retried until the session expires, holding its calls.
   */
  static final long RESUME_ATTEMPTS_WITH_ALTERNATIVES = 3;

  private final PeerSettings settings;
  private final PeerMetrics metrics;

  RSocketOptions(PeerSettings settings, PeerMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
  }

  RSocketServer server(RSocketServer server, TransportFactory factory, URI uri, int maxFrameLength) {
    server.payloadDecoder(PayloadDecoder.ZERO_COPY)
        .interceptors(registry -> registry.forConnection(CountingConnection.interceptor(metrics)))
        .maxInboundPayloadSize(inboundLimit(maxFrameLength))
        // Also bounds transports that apply no ListenerLimits (local, broker-based ones). Twice the
        // setup timeout, so that on guarded listeners the guard, which counts its refusals, always
        // closes first rather than racing rsocket's own timer.
        .maxTimeToFirstFrame(settings.listenerLimits().setupTimeout().multipliedBy(2));
    int mtu = mtu(factory, uri);
    if (mtu > 0) {
      server.fragment(mtu);
    }
    Duration resume = settings.resumeSession();
    if (resume != null) {
      server.resume(new Resume().sessionDuration(resume).storeFactory(new ResumeTokenGuard(metrics)));
    }
    return server;
  }

  /** @param alternatives the dialer has other URIs to go to if this one's listener is gone */
  RSocketConnector connector(RSocketConnector connector, TransportFactory factory, URI uri, int maxFrameLength,
      boolean alternatives) {
    connector.payloadDecoder(PayloadDecoder.ZERO_COPY)
        .keepAlive(settings.keepAliveInterval(), settings.keepAliveTimeout())
        .interceptors(registry -> registry.forConnection(CountingConnection.interceptor(metrics)))
        .maxInboundPayloadSize(inboundLimit(maxFrameLength));
    int mtu = mtu(factory, uri);
    if (mtu > 0) {
      connector.fragment(mtu);
    }
    Duration resume = settings.resumeSession();
    if (resume != null) {
      long attempts = alternatives ? RESUME_ATTEMPTS_WITH_ALTERNATIVES : Long.MAX_VALUE;
      // Once the attempts are spent, rsocket closes the session: its calls fail, and the link
      // dials the next URI afresh (a new connector, so a new resume token in a fresh SETUP).
      connector.resume(new Resume().sessionDuration(resume)
          .retry(Retry.backoff(attempts, settings.reconnectMin()).maxBackoff(settings.reconnectMax())));
    }
    return connector;
  }

  private int inboundLimit(int maxFrameLength) {
    long wanted = (long) settings.maxPayloadSize() + HEADROOM;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(wanted, maxFrameLength));
  }

  private int mtu(TransportFactory factory, URI uri) {
    int frame = factory.maxFrameSize(uri);
    if (frame > 0) {
      return frame;
    }
    return settings.maxPayloadSize() > UNFRAGMENTED_LIMIT - HEADROOM ? 1024 * 1024 : 0;
  }
}
