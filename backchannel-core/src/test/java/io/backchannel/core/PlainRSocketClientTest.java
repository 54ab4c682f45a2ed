package io.backchannel.core;

import io.backchannel.testing.Closer;
import io.backchannel.core.auth.Authenticator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
import io.rsocket.exceptions.ApplicationErrorException;
import io.rsocket.exceptions.InvalidException;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.TaggingMetadataCodec;
import io.rsocket.metadata.WellKnownMimeType;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.util.ByteBufPayload;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.cbor.CBORMapper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain rsocket-java client, written only from {@code docs/protocol.md}: no Backchannel class
 * touches the wire on the client side. Greeter is used only to export the service on the peer.
 */
class PlainRSocketClientTest {
  private static final ObjectMapper CBOR = new CBORMapper();
  private static final ObjectMapper JSON = new JsonMapper();

  private final Closer closer = new Closer();
  private Peer console;
  private RSocket client;

  @BeforeEach
  void connect() {
    console = closer.register(Peer.builder().nodeId("console").authenticator(Authenticator.insecureAllowAll())
        .export(Greeter.class, new GreeterImpl("console")).build());
    URI uri = console.listen("tcp://127.0.0.1:0").uri();
    client = RSocketConnector.create()
        .metadataMimeType("message/x.rsocket.composite-metadata.v0")
        .dataMimeType("application/cbor")
        .connect(TcpClientTransport.create(uri.getHost(), uri.getPort()))
        .block(Duration.ofSeconds(10));
    closer.register(client::dispose);
  }

  @AfterEach
  void close() {
    closer.close();
  }

  @Test
  void callsAnExportedMethod() throws Exception {
    Payload response = client.requestResponse(request("Greeter.hello", CBOR.writeValueAsBytes(List.of("plain")), 5000))
        .block(Duration.ofSeconds(10));
    try {
      assertThat(CBOR.readValue(bytes(response.sliceData()), String.class)).startsWith("hello plain from console");
    } finally {
      response.release();
    }
  }

  @Test
  void streamsAndMethodsWithoutArguments() throws Exception {
    List<Integer> items = client.requestStream(request("Greeter.count", CBOR.writeValueAsBytes(List.of(3)), 5000))
        .map(p -> {
          try {
            return CBOR.readValue(bytes(p.sliceData()), Integer.class);
          } catch (tools.jackson.core.JacksonException e) {
            throw new RuntimeException(e);
          } finally {
            p.release();
          }
        })
        .collectList()
        .block(Duration.ofSeconds(10));
    assertThat(items).containsExactly(1, 2, 3);
    assertThat(client.requestResponse(request("Greeter.touch", new byte[0], -1)).block(Duration.ofSeconds(10))).isNull();
  }

  @Test
  void errorsAreJsonInTheErrorFrame() {
    assertThatThrownBy(() -> client.requestResponse(request("Greeter.failUnchecked", CBOR.writeValueAsBytes(List.of("boom")), 5000))
        .block(Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(ApplicationErrorException.class, e -> {
          JsonNode error = json(e.getMessage());
          assertThat(error.get("status").asString()).isEqualTo("REMOTE");
          assertThat(error.get("type").asString()).isEqualTo("java.lang.IllegalArgumentException");
          assertThat(error.get("message").asString()).isEqualTo("boom");
          assertThat(error.get("requestId").asString()).isEqualTo("plain-1");
        });
    assertThatThrownBy(() -> client.requestResponse(request("Nope.nothing", new byte[0], 5000)).block(Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(json(e.getMessage()).get("status").asString()).isEqualTo("UNKNOWN_ROUTE"));
  }

  @Test
  void helloIdentifiesTheNode() {
    Payload response = client.requestResponse(request("backchannel.hello", new byte[0], 5000)).block(Duration.ofSeconds(10));
    try {
      JsonNode hello = json(response.getDataUtf8());
      assertThat(hello.get("nodeId").asString()).isEqualTo("console");
      assertThat(hello.get("services").get(0).asString()).isEqualTo("Greeter");
    } finally {
      response.release();
    }
  }

  /** Composite metadata: routing tag, request id, and (when non-negative) the deadline budget. */
  private static Payload request(String route, byte[] data, long deadlineMillis) {
    ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    CompositeByteBuf metadata = allocator.compositeBuffer();
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, WellKnownMimeType.MESSAGE_RSOCKET_ROUTING,
        TaggingMetadataCodec.createTaggingContent(allocator, List.of(route)));
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, "application/x.backchannel.request-id",
        Unpooled.copiedBuffer("plain-1", StandardCharsets.UTF_8));
    if (deadlineMillis >= 0) {
      CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, "application/x.backchannel.deadline",
          Unpooled.buffer(8).writeLong(deadlineMillis));
    }
    return ByteBufPayload.create(Unpooled.wrappedBuffer(data), metadata);
  }

  private static byte[] bytes(ByteBuf buffer) {
    byte[] bytes = new byte[buffer.readableBytes()];
    buffer.getBytes(buffer.readerIndex(), bytes);
    return bytes;
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (tools.jackson.core.JacksonException e) {
      throw new AssertionError(text, e);
    }
  }
}
