package io.backchannel.core.internal.transport;

import io.backchannel.core.transport.ListenerLimits;
import io.backchannel.core.transport.TlsIdentity;
import static io.rsocket.frame.FrameLengthCodec.FRAME_LENGTH_MASK;

import io.rsocket.transport.ServerTransport;
import io.rsocket.transport.netty.RSocketLengthCodec;
import io.rsocket.transport.netty.TcpDuplexConnection;
import reactor.core.publisher.Mono;
import reactor.netty.tcp.TcpServer;

/**
 * rsocket-java's {@code TcpServerTransport} (plain or TLS) with the {@link ListenerLimits} applied
 * to each accepted connection until it is admitted. With TLS it also puts the client's verified
 * certificate into the accept chain's Reactor context (see {@link TlsIdentity#from});
 * reactor-netty reports a connection only once its handshake has succeeded.
 */
final class GuardedTcpServerTransport implements ServerTransport<BoundServer> {
  private final TcpServer server;
  private final ListenerPipeline pipeline;

  GuardedTcpServerTransport(TcpServer server, ListenerLimits limits) {
    this.server = server;
    this.pipeline = new ListenerPipeline(limits, SetupFrameLimit.Tcp::new);
  }

  @Override
  public int maxFrameLength() {
    return FRAME_LENGTH_MASK;
  }

  @Override
  public Mono<BoundServer> start(ConnectionAcceptor acceptor) {
    return server
        .doOnChannelInit((observer, channel, remote) -> pipeline.onChannelInit(channel))
        .doOnConnection(connection -> {
          connection.addHandlerLast(new RSocketLengthCodec(FRAME_LENGTH_MASK));
          acceptor
              .apply(new TcpDuplexConnection("server", connection))
              .doOnSuccess(done -> ListenerPipeline.admit(connection.channel()))
              .contextWrite(context -> ListenerPipeline.withAdmission(
                  TlsIdentity.addTo(context, connection.channel()), connection.channel()))
              // The acceptor completes once SETUP is handled; the connection lives on until closed.
              .then(Mono.<Void>never())
              .subscribe(connection.disposeSubscriber());
        })
        .bind()
        .map(BoundServer::new);
  }
}
