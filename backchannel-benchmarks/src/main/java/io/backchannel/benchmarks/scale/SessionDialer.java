package io.backchannel.benchmarks.scale;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketConnector;
import io.rsocket.frame.decoder.PayloadDecoder;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.util.DefaultPayload;
import reactor.netty.tcp.TcpClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The other end of {@link SessionScale}, in its own JVM so the console's heap holds only the
 * console's side: opens lightweight sessions, written from {@code docs/protocol.md} with plain
 * rsocket-java (SETUP with a hello naming node {@code s-<n>}; every request answered with an empty
 * COMPLETE). Reads {@code add <k>} lines on stdin and answers {@code ok <total> <failures>}.
 */
public final class SessionDialer {
  private static final String HELLO = "application/x.backchannel.hello+json";
  private static final int PARALLEL_DIALS = 64;

  private SessionDialer() {}

  public static void main(String[] args) throws Exception {
    URI console = URI.create(args[0]);
    List<RSocket> sessions = new CopyOnWriteArrayList<>();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    int failures = 0;
    for (String line; (line = in.readLine()) != null; ) {
      if (!line.startsWith("add ")) {
        break;
      }
      int from = sessions.size();
      int more = Integer.parseInt(line.substring(4).strip());
      List<RSocket> opened = Flux.range(from, more)
          .flatMap(n -> dial(console, "s-" + n).onErrorResume(e -> Mono.empty()), PARALLEL_DIALS)
          .collectList()
          .block(Duration.ofMinutes(5));
      sessions.addAll(opened);
      failures += more - opened.size();
      System.out.println("ok " + sessions.size() + " " + failures);
      System.out.flush();
    }
    sessions.forEach(RSocket::dispose);
  }

  /** One lightweight session to {@code console} as node {@code nodeId} (also the cluster harness's sidecars). */
  public static Mono<RSocket> dial(URI console, String nodeId) {
    return dial(console, nodeId, "");
  }

  /** As {@link #dial(URI, String)}, with {@code tagsJson} ({@code "k":"v",…}) as the hello's tags. */
  public static Mono<RSocket> dial(URI console, String nodeId, String tagsJson) {
    return RSocketConnector.create()
        .metadataMimeType("message/x.rsocket.composite-metadata.v0")
        .dataMimeType("application/cbor")
        .payloadDecoder(PayloadDecoder.ZERO_COPY)
        .setupPayload(Mono.fromSupplier(() -> setup(nodeId, tagsJson)))
        .acceptor(SocketAcceptor.with(new Answerer()))
        // Not TcpClientTransport.create(host, port): that shares reactor-netty's pooled TcpResources,
        // which stop at 500 connections.
        .connect(TcpClientTransport.create(TcpClient.newConnection().host(console.getHost()).port(console.getPort())));
  }

  private static Payload setup(String nodeId, String tagsJson) {
    ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    CompositeByteBuf metadata = allocator.compositeBuffer();
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, HELLO,
        Unpooled.copiedBuffer("{\"nodeId\":\"" + nodeId + "\",\"tags\":{" + tagsJson + "},\"version\":\"0.1\"}",
            StandardCharsets.UTF_8));
    return DefaultPayload.create(Unpooled.EMPTY_BUFFER, metadata);
  }

  /** Answers every request-response with an empty COMPLETE and ignores pushed control messages. */
  private static final class Answerer implements RSocket {
    @Override
    public Mono<Payload> requestResponse(Payload payload) {
      payload.release();
      return Mono.empty();
    }

    @Override
    public Mono<Void> fireAndForget(Payload payload) {
      payload.release();
      return Mono.empty();
    }

    @Override
    public Mono<Void> metadataPush(Payload payload) {
      payload.release();
      return Mono.empty();
    }
  }
}
