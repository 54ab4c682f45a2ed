package io.backchannel.core.internal.transport;

import static io.rsocket.frame.FrameLengthCodec.FRAME_LENGTH_MASK;

import io.rsocket.DuplexConnection;
import io.rsocket.transport.ClientTransport;
import io.rsocket.transport.netty.RSocketLengthCodec;
import io.rsocket.transport.netty.TcpDuplexConnection;
import io.rsocket.transport.netty.WebsocketDuplexConnection;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.tcp.TcpClient;

/**
 * rsocket-java's TCP and WebSocket client transports, over a TLS client, with each connection
 * handed on as a {@link CertifiedConnection}: rsocket-java's own transports keep the Netty channel,
 * and so the listener's certificate, to themselves. Thread-safe.
 */
final class TlsClientTransport implements ClientTransport {
  private static final WebsocketClientSpec SPEC =
      WebsocketClientSpec.builder().maxFramePayloadLength(FRAME_LENGTH_MASK).build();

  private final Supplier<Mono<DuplexConnection>> connections;

  private TlsClientTransport(Supplier<Mono<DuplexConnection>> connections) {
    this.connections = connections;
  }

  /** RSocket over TCP, as {@code TcpClientTransport.create(client)}. */
  static ClientTransport tcp(TcpClient client) {
    TcpClient framed = client.doOnConnected(connection -> connection.addHandlerLast(new RSocketLengthCodec(FRAME_LENGTH_MASK)));
    return new TlsClientTransport(() -> framed.connect()
        .map(connection -> CertifiedConnection.of(new TcpDuplexConnection("client", connection), connection.channel())));
  }

  /** RSocket over WebSocket at {@code path}, as {@code WebsocketClientTransport.create(client, path)}. */
  static ClientTransport webSocket(HttpClient client, String path) {
    return new TlsClientTransport(() -> client.websocket(SPEC).uri(path).connect()
        .map(connection -> CertifiedConnection.of(new WebsocketDuplexConnection("client", connection), connection.channel())));
  }

  @Override
  public int maxFrameLength() {
    return FRAME_LENGTH_MASK;
  }

  @Override
  public Mono<DuplexConnection> connect() {
    return connections.get();
  }
}
