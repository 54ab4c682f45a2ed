package io.backchannel.core.internal.transport;

import io.backchannel.core.transport.ListenerLimits;
import io.backchannel.core.transport.TlsIdentity;
import static io.rsocket.frame.FrameLengthCodec.FRAME_LENGTH_MASK;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.rsocket.transport.ServerTransport;
import io.rsocket.transport.netty.WebsocketDuplexConnection;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * rsocket-java's {@code WebsocketServerTransport} (plain or TLS) with the {@link ListenerLimits}
 * applied to each accepted connection until it is admitted. With TLS it also puts the client's
 * verified certificate into the accept chain's Reactor context (see {@link TlsIdentity#from}).
 * Accepts the upgrade on any path.
 */
final class GuardedWebsocketServerTransport implements ServerTransport<BoundServer> {
  private static final WebsocketServerSpec SPEC =
      WebsocketServerSpec.builder().maxFramePayloadLength(FRAME_LENGTH_MASK).build();

  private final HttpServer server;
  private final ListenerPipeline pipeline;

  GuardedWebsocketServerTransport(HttpServer server, ListenerLimits limits) {
    this.server = server;
    this.pipeline = new ListenerPipeline(limits, SetupFrameLimit.WebSocket::new);
  }

  @Override
  public int maxFrameLength() {
    return FRAME_LENGTH_MASK;
  }

  @Override
  public Mono<BoundServer> start(ConnectionAcceptor acceptor) {
    return server
        .doOnChannelInit((observer, channel, remote) -> pipeline.onChannelInit(channel))
        .doOnConnection(connection -> connection.addHandlerLast(PongDropper.INSTANCE))
        .handle((request, response) -> response.sendWebsocket(
            (in, out) -> {
              Connection connection = (Connection) in;
              return acceptor
                  .apply(new WebsocketDuplexConnection("server", connection))
                  .doOnSuccess(done -> ListenerPipeline.admit(connection.channel()))
                  .contextWrite(context -> ListenerPipeline.withAdmission(
                      TlsIdentity.addTo(context, connection.channel()), connection.channel()))
                  // The acceptor completes once SETUP is handled; the connection lives on until closed.
                  .then(out.neverComplete());
            },
            SPEC))
        .bind()
        .map(BoundServer::new);
  }

  /** Drops unsolicited WebSocket pongs, which RSocket would otherwise read as frames (as rsocket-java does). */
  @Sharable
  private static final class PongDropper extends ChannelInboundHandlerAdapter {
    static final PongDropper INSTANCE = new PongDropper();

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
      if (message instanceof PongWebSocketFrame) {
        ReferenceCountUtil.safeRelease(message);
        context.read();
      } else {
        context.fireChannelRead(message);
      }
    }
  }
}
