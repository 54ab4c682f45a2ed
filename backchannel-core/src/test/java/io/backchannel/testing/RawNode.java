package io.backchannel.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
import io.rsocket.metadata.AuthMetadataCodec;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.TaggingMetadataCodec;
import io.rsocket.metadata.WellKnownMimeType;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.util.ByteBufPayload;
import io.rsocket.util.DefaultPayload;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import io.netty.channel.Channel;
import reactor.netty.tcp.TcpClient;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * An attacker's node: a plain rsocket-java client over real TCP, written from {@code docs/protocol.md}
 * with no Backchannel class on the wire, that authenticates with a real token and then sends
 * whatever requests a test builds.
 */
public final class RawNode {
  public static final ObjectMapper CBOR = new CBORMapper();
  /** A deadline budget with the top bit set: "forever" to a responder that trusts it. */
  public static final long FOREVER = -1L;

  private RawNode() {}

  /** Connects to {@code uri} as {@code nodeId} of {@code tenant} with a token {@link TestAuth} signed. */
  public static RSocket connect(URI uri, String tenant, String nodeId) {
    return connect(uri, tenant, nodeId, null);
  }

  /** As {@link #connect(URI, String, String)}, answering requests the hub relays with {@code responder}. */
  public static RSocket connect(URI uri, String tenant, String nodeId, @Nullable RSocket responder) {
    return connect(uri, tenant, nodeId, responder, channel -> {});
  }

  /** As above, showing the TCP channel to {@code onChannel} (to stop reading from it, say). */
  public static RSocket connect(
      URI uri, String tenant, String nodeId, @Nullable RSocket responder, Consumer<Channel> onChannel) {
    byte[] metadata = setupMetadata(tenant, nodeId);
    RSocketConnector connector = RSocketConnector.create()
        .metadataMimeType("message/x.rsocket.composite-metadata.v0")
        .dataMimeType("application/cbor")
        .setupPayload(DefaultPayload.create(new byte[0], metadata));
    if (responder != null) {
      connector.acceptor((setupPayload, hub) -> reactor.core.publisher.Mono.just(responder));
    }
    TcpClient tcp = TcpClient.create().host(uri.getHost()).port(uri.getPort())
        .doOnConnected(connection -> onChannel.accept(connection.channel()));
    return connector.connect(TcpClientTransport.create(tcp)).block(Duration.ofSeconds(10));
  }

  /** SETUP metadata: the hello and a bearer token {@link TestAuth} signed. */
  static byte[] setupMetadata(String tenant, String nodeId) {
    ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    CompositeByteBuf setup = allocator.compositeBuffer();
    CompositeMetadataCodec.encodeAndAddMetadata(setup, allocator, "application/x.backchannel.hello+json",
        Unpooled.copiedBuffer("{\"nodeId\":\"" + nodeId + "\"}", StandardCharsets.UTF_8));
    CompositeMetadataCodec.encodeAndAddMetadata(setup, allocator, WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION,
        AuthMetadataCodec.encodeBearerMetadata(allocator, TestAuth.token(tenant, nodeId, "node").toCharArray()));
    byte[] metadata = new byte[setup.readableBytes()];
    setup.readBytes(metadata);
    setup.release();
    return metadata;
  }

  /** A request: route, request id, optional budget ({@code deadlineMillis} &lt; -1 for none), optional destination. */
  public static Payload request(String route, List<?> arguments, long deadlineMillis, @Nullable String destination) {
    ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    CompositeByteBuf metadata = allocator.compositeBuffer();
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, WellKnownMimeType.MESSAGE_RSOCKET_ROUTING,
        TaggingMetadataCodec.createTaggingContent(allocator, List.of(route)));
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, "application/x.backchannel.request-id",
        Unpooled.copiedBuffer("raw-" + System.nanoTime(), StandardCharsets.UTF_8));
    if (deadlineMillis >= -1) {
      CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, "application/x.backchannel.deadline",
          Unpooled.buffer(8).writeLong(deadlineMillis));
    }
    if (destination != null) {
      CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, "application/x.backchannel.destination",
          Unpooled.copiedBuffer(destination, StandardCharsets.UTF_8));
    }
    return ByteBufPayload.create(Unpooled.wrappedBuffer(CBOR.writeValueAsBytes(arguments)), metadata);
  }

  public static Payload request(String route, List<?> arguments) {
    return request(route, arguments, 10_000, null);
  }

  /** The deadline budget a request carries, or {@code null} if it carries none. */
  public static @Nullable Long deadline(Payload request) {
    for (io.rsocket.metadata.CompositeMetadata.Entry entry : new io.rsocket.metadata.CompositeMetadata(request.sliceMetadata(), false)) {
      if ("application/x.backchannel.deadline".equals(entry.getMimeType())) {
        return entry.getContent().getLong(entry.getContent().readerIndex());
      }
    }
    return null;
  }

  /** A response carrying {@code value} as CBOR. */
  public static Payload payload(Object value) {
    return DefaultPayload.create(CBOR.writeValueAsBytes(value));
  }

  /** The CBOR value in {@code payload}'s data, releasing the payload. */
  public static <T> T value(Payload payload, Class<T> type) {
    try {
      ByteBuf data = payload.sliceData();
      byte[] bytes = new byte[data.readableBytes()];
      data.getBytes(data.readerIndex(), bytes);
      return CBOR.readValue(bytes, type);
    } finally {
      payload.release();
    }
  }

  /** The {@code status} of a Backchannel error payload carried in an RSocket error's message. */
  public static String status(Throwable error) {
    try {
      return new JsonMapper().readTree(error.getMessage()).get("status").asString();
    } catch (RuntimeException e) {
      return "not a Backchannel error: " + error;
    }
  }
}
