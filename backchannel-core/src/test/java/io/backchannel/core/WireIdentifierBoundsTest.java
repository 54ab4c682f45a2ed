package io.backchannel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backchannel.core.auth.Authenticator;
import io.backchannel.testing.Closer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.cbor.CBORMapper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A raw rsocket-java client sends request ids and routes meant to flood or forge log lines: the
 * peer refuses them as CODEC errors without echoing them, and goes on serving honest calls.
 */
class WireIdentifierBoundsTest {
  private static final ObjectMapper CBOR = new CBORMapper();
  private static final ObjectMapper JSON = new JsonMapper();

  private final Closer closer = new Closer();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private GreeterImpl greeter;
  private RSocket attacker;

  @BeforeEach
  void connect() {
    greeter = new GreeterImpl("console");
    Peer console = closer.register(Peer.builder().nodeId("console").authenticator(Authenticator.insecureAllowAll())
        .meterRegistry(meters).export(Greeter.class, greeter).build());
    URI uri = console.listen("tcp://127.0.0.1:0").uri();
    attacker = RSocketConnector.create()
        .metadataMimeType("message/x.rsocket.composite-metadata.v0")
        .dataMimeType("application/cbor")
        .connect(TcpClientTransport.create(uri.getHost(), uri.getPort()))
        .block(Duration.ofSeconds(10));
    closer.register(attacker::dispose);
    // RSocket clients may send requests before SETUP is accepted; until then a listener takes only
    // small frames. One honest call first, so the large ids below meet the decoder, not that bound.
    assertThat(hello("warm-up")).startsWith("hello");
    greeter.handlerThreads.clear();
  }

  @AfterEach
  void close() {
    closer.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ok\r\n2026-12-01 INFO forged line", "tab\there", "caf\u00e9", "x", "long"})
  void unsafeRequestIdsAreRefusedAtDecode(String requestId) throws Exception {
    String sent = switch (requestId) {
      case "x" -> "x".repeat(65);
      case "long" -> "y".repeat(100_000);
      default -> requestId;
    };
    assertThatThrownBy(() -> attacker.requestResponse(request("Greeter.hello", sent)).block(Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(InvalidException.class, e -> {
          JsonNode error = json(e.getMessage());
          assertThat(error.get("status").asString()).isEqualTo("CODEC");
          assertThat(error.get("message").asString()).contains("request id");
          assertThat(e.getMessage()).doesNotContain("forged", "yyyyyyyy", "xxxxxxxx", "caf");
        });
    assertThat(greeter.handlerThreads).isEmpty();
    assertThat(meters.get("backchannel.calls").tags("route", "unknown", "direction", "inbound", "outcome", "InvalidException")
        .timer().count()).isEqualTo(1);
    assertThat(hello("plain-1")).startsWith("hello honest from console");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Greeter.hello\r\nforged", "Greeter.h\u00e9llo", "Greeter.\u0000hello"})
  void unsafeRoutesAreRefusedAtDecode(String route) {
    assertThatThrownBy(() -> attacker.requestResponse(request(route, "plain-2")).block(Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(InvalidException.class, e -> {
          assertThat(json(e.getMessage()).get("status").asString()).isEqualTo("CODEC");
          assertThat(e.getMessage()).contains("route").doesNotContain("forged");
        });
    assertThat(hello("plain-3")).startsWith("hello honest from console");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 16, 64})
  void printableIdsUpToTheBoundAreServed(int length) {
    assertThat(hello("a-Z_0:9".repeat(10).substring(0, length))).startsWith("hello honest from console");
  }

  private String hello(String requestId) {
    Payload response = attacker.requestResponse(request("Greeter.hello", requestId)).block(Duration.ofSeconds(10));
    try {
      return CBOR.readValue(bytes(response), String.class);
    } catch (tools.jackson.core.JacksonException e) {
      throw new AssertionError(e);
    } finally {
      response.release();
    }
  }

  private static Payload request(String route, String requestId) {
    ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    CompositeByteBuf metadata = allocator.compositeBuffer();
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, WellKnownMimeType.MESSAGE_RSOCKET_ROUTING,
        TaggingMetadataCodec.createTaggingContent(allocator, List.of(route)));
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, "application/x.backchannel.request-id",
        Unpooled.copiedBuffer(requestId, StandardCharsets.UTF_8));
    try {
      return ByteBufPayload.create(Unpooled.wrappedBuffer(CBOR.writeValueAsBytes(List.of("honest"))), metadata);
    } catch (tools.jackson.core.JacksonException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] bytes(Payload payload) {
    byte[] bytes = new byte[payload.sliceData().readableBytes()];
    payload.sliceData().getBytes(payload.sliceData().readerIndex(), bytes);
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
