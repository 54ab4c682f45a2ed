package io.backchannel.core.bounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backchannel.core.Peer;
import io.backchannel.core.node.Target;
import io.backchannel.testing.Closer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
import io.rsocket.exceptions.RejectedSetupException;
import io.rsocket.metadata.AuthMetadataCodec;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.WellKnownMimeType;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.util.DefaultPayload;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A raw rsocket-java client whose SETUP carries a hello or a token far larger than any real one,
 * within the frame limit: refused with a reason before the JSON is parsed or the token checked.
 */
class OversizeSetupTest {
  private final Closer closer = new Closer();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private URI uri;

  @BeforeEach
  void listen() {
    Peer console = closer.register(Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
        .meterRegistry(meters).export(Greeter.class, new GreeterImpl("console")).build());
    uri = console.listen("tcp://127.0.0.1:0").uri();
  }

  @AfterEach
  void close() {
    closer.close();
  }

  @Test
  void anOversizeHelloIsRefusedWithTheReason() {
    String tags = "{\"k\":\"" + "x".repeat(40 * 1024) + "\"}";
    String hello = "{\"nodeId\":\"big\",\"tenant\":\"acme\",\"tags\":" + tags + "}";

    assertThatThrownBy(() -> connectAndCall(hello, TestAuth.token("acme", "big", "node")))
        .isInstanceOf(RejectedSetupException.class)
        .hasMessageContaining("hello in SETUP is")
        .hasMessageContaining("more than the 16384 a listener reads before authentication");
    assertThat(authFailures()).isEqualTo(1);
    assertThat(sidecarCalls()).isEqualTo("hello x from console");
  }

  @Test
  void anOversizeTokenIsRefusedWithTheReason() {
    String hello = "{\"nodeId\":\"big\",\"tenant\":\"acme\"}";

    assertThatThrownBy(() -> connectAndCall(hello, "bc1." + "A".repeat(20 * 1024)))
        .isInstanceOf(RejectedSetupException.class)
        .hasMessageContaining("authentication metadata in SETUP is")
        .hasMessageContaining("more than the 8192 a listener reads before authentication");
    assertThat(authFailures()).isEqualTo(1);
    assertThat(sidecarCalls()).isEqualTo("hello x from console");
  }

  /** Only docs/protocol.md on this side: SETUP with a hello entry and bearer authentication. */
  private void connectAndCall(String helloJson, String token) {
    ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    CompositeByteBuf metadata = allocator.compositeBuffer();
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, "application/x.backchannel.hello+json",
        Unpooled.wrappedBuffer(helloJson.getBytes(StandardCharsets.UTF_8)));
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION,
        AuthMetadataCodec.encodeBearerMetadata(allocator, token.toCharArray()));
    byte[] setup = new byte[metadata.readableBytes()];
    metadata.readBytes(setup);
    metadata.release();
    RSocket client = RSocketConnector.create()
        .metadataMimeType("message/x.rsocket.composite-metadata.v0")
        .dataMimeType("application/cbor")
        .setupPayload(DefaultPayload.create(new byte[0], setup))
        .connect(TcpClientTransport.create(uri.getHost(), uri.getPort()))
        .block(Duration.ofSeconds(10));
    closer.register(client::dispose);
    // The refusal arrives as an ERROR frame; the first request (or onClose) reports it.
    client.onClose().block(Duration.ofSeconds(10));
  }

  private String sidecarCalls() {
    Peer sidecar = closer.register(Peer.builder().nodeId("small").tenant("acme")
        .credential(TestAuth.token("acme", "small", "node")).build());
    sidecar.dial(uri.toString());
    return sidecar.proxy(Greeter.class, Target.node("console")).hello("x");
  }

  private double authFailures() {
    Counter counter = meters.find("backchannel.auth.failures").counter();
    return counter == null ? 0 : counter.count();
  }
}
