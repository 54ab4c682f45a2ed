package io.backchannel.transport.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketConnector;
import io.rsocket.core.RSocketServer;
import io.rsocket.util.DefaultPayload;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** A local flood of handshakes that never reach SETUP holds at most maxPending connections, for at most pendingTimeout. */
class ShmPendingConnectionsTest {
  private static final int MAX_PENDING = 4;
  private static final int FLOOD = 20;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private ShmTestDirs dirs;

  @BeforeEach
  void setUp() {
    dirs = new ShmTestDirs();
    Metrics.addRegistry(meters);
  }

  @AfterEach
  void tearDown() throws Exception {
    Metrics.removeRegistry(meters);
    dirs.close();
  }

  @Test
  void aFloodOfStalledHandshakesIsBoundedInCountAndTimeAndARealSidecarStillConnects() throws Exception {
    ShmTransportFactory factory = new ShmTransportFactory();
    warmUp(factory);
    URI uri = dirs.socketUri("flood", "maxPending=" + MAX_PENDING + "&pendingTimeout=5s");
    var server = RSocketServer.create(SocketAcceptor.forRequestResponse(Mono::just)).bind(factory.server(uri)).block();
    RSocket established = RSocketConnector.connectWith(factory.client(uri)).block(Duration.ofSeconds(10));
    List<SocketChannel> flood = new ArrayList<>();
    try {
      int answered = 0;
      for (int i = 0; i < FLOOD; i++) {
        SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
        socket.connect(UnixDomainSocketAddress.of(uri.getPath()));
        flood.add(socket);
        if (handshakeThenStall(socket)) {
          answered++;
        }
      }

      assertThat(answered).isEqualTo(MAX_PENDING);
      assertThat(refusals("pending_limit")).isEqualTo(FLOOD - MAX_PENDING);
      // Three threads per connection: the established one and the stalled ones, no more.
      assertThat(listenerThreads()).isLessThanOrEqualTo(3 * (1 + MAX_PENDING));
      assertThat(established.requestResponse(DefaultPayload.create("during")).block(Duration.ofSeconds(10)).getDataUtf8())
          .isEqualTo("during");

      await().atMost(Duration.ofSeconds(30)).until(() -> refusals("pending_timeout") == MAX_PENDING);
      for (SocketChannel socket : flood) {
        assertThat(readToEnd(socket)).as("a stalled connection is closed").isTrue();
      }
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        RSocket sidecar = RSocketConnector.connectWith(factory.client(uri)).block(Duration.ofSeconds(10));
        try {
          assertThat(sidecar.requestResponse(DefaultPayload.create("after")).block(Duration.ofSeconds(10)).getDataUtf8())
              .isEqualTo("after");
        } finally {
          sidecar.dispose();
        }
      });
      assertThat(dirs.ringFiles()).isEmpty();
    } finally {
      flood.forEach(Closeables::closeQuietly);
      established.dispose();
      server.dispose();
      server.onClose().block(Duration.ofSeconds(5));
    }
  }

  /** One connection on another listener first, so that a cold JVM's first SETUP is not what the timeout measures. */
  private void warmUp(ShmTransportFactory factory) {
    URI uri = dirs.socketUri("warm", "");
    var server = RSocketServer.create(SocketAcceptor.forRequestResponse(Mono::just)).bind(factory.server(uri)).block();
    RSocket client = RSocketConnector.connectWith(factory.client(uri)).block(Duration.ofSeconds(30));
    client.requestResponse(DefaultPayload.create("warm")).block(Duration.ofSeconds(30));
    client.dispose();
    server.dispose();
    server.onClose().block(Duration.ofSeconds(5));
  }

  /**
   * A hostile dialer: sends HELLO, acknowledges the ring file without mapping it, then sends no
   * frame. False if the listener closed the socket instead of answering.
   */
  private static boolean handshakeThenStall(SocketChannel socket) throws IOException {
    ByteBuffer hello = ByteBuffer.allocate(16).putInt(Handshake.MAGIC).putShort(Handshake.VERSION).put((byte) 0).put((byte) 0)
        .putLong(ProcessHandle.current().pid());
    try {
      socket.write(hello.flip());
      ByteBuffer reply = ByteBuffer.allocate(22);
      while (reply.hasRemaining()) {
        if (socket.read(reply) < 0) {
          return false;
        }
      }
      ByteBuffer path = ByteBuffer.allocate(Short.toUnsignedInt(reply.getShort(20)));
      while (path.hasRemaining()) {
        if (socket.read(path) < 0) {
          return false;
        }
      }
      socket.write(ByteBuffer.wrap(new byte[] {1}));
      return true;
    } catch (IOException e) {
      return false; // reset by a listener that refused us
    }
  }

  /** True once the listener has closed {@code socket}. */
  private static boolean readToEnd(SocketChannel socket) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(64);
      while (socket.read(buffer.clear()) >= 0) {
        // Doorbells from a stalled connection's listener side: not expected, but harmless.
      }
      return true;
    } catch (IOException e) {
      return true;
    }
  }

  private static long listenerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("backchannel-shm-listener-"))
        .count();
  }

  private double refusals(String reason) {
    var counter = meters.find(ShmRefusals.METER).tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }
}
