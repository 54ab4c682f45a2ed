package io.backchannel.benchmarks.stack;

import io.backchannel.core.transport.TransportFactory;
import io.backchannel.core.transport.Transports;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.rsocket.Closeable;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketConnector;
import io.rsocket.core.RSocketServer;
import io.rsocket.frame.decoder.PayloadDecoder;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.TaggingMetadataCodec;
import io.rsocket.metadata.WellKnownMimeType;
import io.rsocket.util.ByteBufPayload;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * The baseline: rsocket-java as a careful user would write an RPC by hand over the same transport
 * Backchannel uses. Each request carries composite metadata with a routing tag (encoded per call);
 * the server reads the route and echoes the data buffer without copying ({@code ZERO_COPY}); the
 * client copies the reply into a {@code byte[]}. No codec, no deadline, no request id.
 */
final class RawRSocketStack implements Stack {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

  private final Endpoint endpoint;
  private final Closeable server;
  private final RSocket client;

  RawRSocketStack(Endpoint endpoint) {
    this.endpoint = endpoint;
    URI uri = endpoint.uri();
    TransportFactory factory = Transports.forUri(uri);
    int mtu = factory.maxFrameSize(uri);
    RSocketServer rsocketServer = RSocketServer.create(SocketAcceptor.with(new RawEchoResponder()))
        .payloadDecoder(PayloadDecoder.ZERO_COPY);
    RSocketConnector connector = RSocketConnector.create()
        .metadataMimeType(WellKnownMimeType.MESSAGE_RSOCKET_COMPOSITE_METADATA.getString())
        .payloadDecoder(PayloadDecoder.ZERO_COPY);
    if (mtu > 0) {
      rsocketServer.fragment(mtu);
      connector.fragment(mtu);
    }
    this.server = rsocketServer.bind(factory.server(uri)).block(TIMEOUT);
    this.client = connector.connect(factory.client(factory.boundUri(uri, server))).block(TIMEOUT);
  }

  @Override
  public byte[] call(byte[] data) {
    return bytes(client.requestResponse(request("echo", data)).block(TIMEOUT));
  }

  @Override
  public void send(byte[] data, Completion done) {
    client.requestResponse(request("echo", data)).subscribe(reply -> bytes(reply), done::done, () -> done.done(null));
  }

  @Override
  public boolean blocking() {
    return false;
  }

  @Override
  public long stream(int items, int size) {
    ByteBuf spec = Unpooled.buffer(8).writeInt(items).writeInt(size);
    return client.requestStream(request("stream", ByteBufUtil.getBytes(spec)))
        .doOnNext(Payload::release)
        .count()
        .block(TIMEOUT);
  }

  @Override
  public long channel(int items, byte[] data) {
    Flux<Payload> out = Flux.range(0, items)
        .map(i -> i == 0 ? request("channel", data) : ByteBufPayload.create(Unpooled.wrappedBuffer(data)));
    return client.requestChannel(out).doOnNext(Payload::release).count().block(TIMEOUT);
  }

  @Override
  public void close() {
    client.dispose();
    server.dispose();
    client.onClose().onErrorComplete().block(TIMEOUT);
    server.onClose().onErrorComplete().block(TIMEOUT);
    endpoint.close();
  }

  /** The data plus composite metadata holding one routing tag, as a hand-written RPC would send. */
  static Payload request(String route, byte[] data) {
    CompositeByteBuf metadata = ALLOC.compositeBuffer();
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, ALLOC, WellKnownMimeType.MESSAGE_RSOCKET_ROUTING,
        TaggingMetadataCodec.createTaggingContent(ALLOC, List.of(route)));
    return ByteBufPayload.create(Unpooled.wrappedBuffer(data), metadata);
  }

  private static byte[] bytes(Payload reply) {
    try {
      return ByteBufUtil.getBytes(reply.sliceData());
    } finally {
      reply.release();
    }
  }
}
