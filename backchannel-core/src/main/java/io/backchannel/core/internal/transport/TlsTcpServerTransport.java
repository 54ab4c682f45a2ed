package io.backchannel.core.internal.transport;

import io.backchannel.core.transport.TlsIdentity;
import static io.rsocket.frame.FrameLengthCodec.FRAME_LENGTH_MASK;

import io.rsocket.transport.ServerTransport;
import io.rsocket.transport.netty.RSocketLengthCodec;
import io.rsocket.transport.netty.TcpDuplexConnection;
import reactor.core.publisher.Mono;
import reactor.netty.tcp.TcpServer;

/**
 * rsocket-java's {@code TcpServerTransport} over a TLS {@link TcpServer}, which in addition puts
 * the client's verified certificate into the accept chain's Reactor context (see {@link
 * TlsIdentity#from}). Reactor-netty reports a connection only once its handshake has succeeded.
 */
final class TlsTcpServerTransport implements ServerTransport<BoundServer> {
  private final TcpServer server;

  TlsTcpServerTransport(TcpServer server) {
    this.server = server;
  }

  @Override
  public int maxFrameLength() {
    return FRAME_LENGTH_MASK;
  }

  @Override
  public Mono<BoundServer> start(ConnectionAcceptor acceptor) {
    return server
        .doOnConnection(connection -> {
          connection.addHandlerLast(new RSocketLengthCodec(FRAME_LENGTH_MASK));
          acceptor
              .apply(new TcpDuplexConnection("server", connection))
              .contextWrite(context -> TlsIdentity.addTo(context, connection.channel()))
              // The acceptor completes once SETUP is handled; the connection lives on until closed.
              .then(Mono.<Void>never())
              .subscribe(connection.disposeSubscriber());
        })
        .bind()
        .map(BoundServer::new);
  }
}
