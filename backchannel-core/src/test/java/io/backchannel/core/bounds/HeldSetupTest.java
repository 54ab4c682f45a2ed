package io.backchannel.core.bounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.core.auth.AuthenticationRequest;
import io.backchannel.core.auth.Authenticator;
import io.backchannel.core.node.Target;
import io.backchannel.testing.Closer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.rsocket.frame.FrameLengthCodec;
import io.rsocket.frame.SetupFrameCodec;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.util.DefaultPayload;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A SETUP that arrives in time but whose authentication never ends: rsocket-java's own bound
 * (time to the first frame) is met, the setup timeout still closes the connection. While it is
 * held, the listener reads no further (reactor-netty stops reading a connection nothing consumes).
 */
class HeldSetupTest {
  private final Closer closer = new Closer();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch held = new CountDownLatch(1);

  @BeforeAll
  static void warm() {
    WarmJvm.once();
  }

  @AfterEach
  void close() {
    release.countDown();
    closer.close();
  }

  @Test
  void aSetupHeldByTheAuthenticatorIsClosedAtTheSetupTimeout() throws Exception {
    Authenticator tokens = TestAuth.authenticator();
    Authenticator slowForOne = (AuthenticationRequest request) -> {
      if (request.nodeId().equals("held")) {
        held.countDown();
        try {
          release.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return tokens.authenticate(request);
    };
    Peer console = closer.register(Peer.builder().nodeId("console").authenticator(slowForOne)
        .meterRegistry(meters).setupTimeout(Duration.ofSeconds(3)).export(Greeter.class, new GreeterImpl("console"))
        .build());
    URI uri = console.listen("tcp://127.0.0.1:0").uri();
    Peer sidecar = closer.register(Peer.builder().nodeId("other").tenant("acme")
        .credential(TestAuth.token("acme", "other", "node")).build());
    sidecar.dial(uri.toString());
    Socket socket = RawSockets.open(uri, "127.0.0.2");
    closer.register(socket::close);

    RawSockets.write(socket, framed(setup()));
    assertThat(held.await(10, TimeUnit.SECONDS)).as("the SETUP reached the authenticator").isTrue();

    await().atMost(Duration.ofSeconds(20)).until(() -> RawSockets.closedByPeer(socket));
    assertThat(refused("setup_timeout")).isEqualTo(1);
    assertThat(sidecar.proxy(Greeter.class, Target.node("console")).hello("x")).isEqualTo("hello x from console");
  }

  private static ByteBuf setup() {
    ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    CompositeByteBuf metadata = allocator.compositeBuffer();
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, "application/x.backchannel.hello+json",
        Unpooled.wrappedBuffer("{\"nodeId\":\"held\"}".getBytes(StandardCharsets.UTF_8)));
    byte[] bytes = new byte[metadata.readableBytes()];
    metadata.readBytes(bytes);
    metadata.release();
    return SetupFrameCodec.encode(allocator, false, 20_000, 90_000,
        "message/x.rsocket.composite-metadata.v0", "application/cbor", DefaultPayload.create(new byte[0], bytes));
  }

  private static byte[] framed(ByteBuf frame) {
    ByteBuf framed = FrameLengthCodec.encode(ByteBufAllocator.DEFAULT, frame.readableBytes(), frame);
    byte[] bytes = new byte[framed.readableBytes()];
    framed.readBytes(bytes);
    framed.release();
    return bytes;
  }

  private double refused(String reason) {
    Counter counter = meters.find("backchannel.connections.refused").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }
}
