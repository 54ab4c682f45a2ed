package io.backchannel.core.bounds;

import static io.backchannel.testing.TestCertificates.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.core.PeerBuilder;
import io.backchannel.core.node.Target;
import io.backchannel.testing.Closer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import io.backchannel.testing.TestCertificates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An unauthenticated attacker with raw sockets against a console's listeners: silent sockets,
 * connection floods from one address, and frames that claim to be huge. Attackers connect from
 * 127.0.0.2, honest sidecars from 127.0.0.1.
 */
class PreAuthBoundsTest {
  private static final String ATTACKER = "127.0.0.2";

  @TempDir static Path dir;
  private static TestCertificates certificates;

  private final Closer closer = new Closer();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<Socket> sockets = new ArrayList<>();

  @BeforeAll
  static void makeCertificates() {
    certificates = TestCertificates.create(dir);
    WarmJvm.once();
  }

  @AfterEach
  void close() throws Exception {
    for (Socket socket : sockets) {
      socket.close();
    }
    closer.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp", "ws", "ws-upgraded", "tls", "wss"})
  void aSilentSocketIsClosedAtTheSetupTimeout(String kind) throws Exception {
    URI uri = listen(kind.startsWith("ws") ? "ws" : kind, b -> b.setupTimeout(Duration.ofSeconds(3)));
    Socket socket = attacker(uri);
    if (kind.equals("ws-upgraded")) {
      assertThat(RawSockets.upgrade(socket)).startsWith("HTTP/1.1 101");
    }

    // Well within rsocket's own 60 s and reactor-netty's 10 s TLS handshake timeout.
    await().atMost(Duration.ofSeconds(8)).until(() -> RawSockets.closedByPeer(socket));
    assertThat(refused("setup_timeout")).isEqualTo(1);
    assertThat(sidecarCalls(uri, "acme")).isEqualTo("hello x from console");
  }

  @Test
  void connectionsFromOneAddressBeyondItsLimitAreRefusedWhileOtherAddressesConnect() throws Exception {
    URI uri = listen("tcp", b -> b.maxConnections(100, 3).setupTimeout(Duration.ofMinutes(1)));
    List<Socket> flood = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      flood.add(attacker(uri));
    }

    await().until(() -> flood.stream().anyMatch(RawSockets::closedByPeer));
    assertThat(flood.stream().filter(RawSockets::closedByPeer)).as("only the fourth is refused").hasSize(1);
    assertThat(refused("address_full")).isEqualTo(1);
    assertThat(sidecarCalls(uri, "bolt")).as("another tenant, from another address").isEqualTo("hello x from console");
  }

  @Test
  void connectionsBeyondTheListenersLimitAreRefusedUntilOthersClose() throws Exception {
    URI uri = listen("tcp", b -> b.maxConnections(2, 100).setupTimeout(Duration.ofMinutes(1)));
    List<Socket> flood = new ArrayList<>();
    for (String source : List.of("127.0.0.2", "127.0.0.3", "127.0.0.4")) {
      Socket socket = RawSockets.open(uri, source);
      sockets.add(socket);
      flood.add(socket);
    }

    await().until(() -> flood.stream().anyMatch(RawSockets::closedByPeer));
    assertThat(flood.stream().filter(RawSockets::closedByPeer)).hasSize(1);
    assertThat(refused("listener_full")).isEqualTo(1);
    for (Socket socket : flood) {
      socket.close();
    }
    await().ignoreExceptions().until(() -> sidecarCalls(uri, "bolt").equals("hello x from console"));
  }

  @Test
  void aTcpFrameClaiming16MiBBeforeSetupIsRefusedAtItsLengthPrefix() throws Exception {
    URI uri = listen("tcp", UnaryOperator.identity());
    Socket socket = attacker(uri);

    RawSockets.write(socket, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    RawSockets.write(socket, new byte[16 * 1024]);

    await().atMost(Duration.ofSeconds(8)).until(() -> RawSockets.closedByPeer(socket));
    assertThat(refused("frame_too_large")).isEqualTo(1);
    assertThat(sidecarCalls(uri, "acme")).isEqualTo("hello x from console");
  }

  @Test
  void aFrameClaiming16MiBInsideTlsIsRefusedAtItsLengthPrefix() throws Exception {
    URI uri = listen("tls", UnaryOperator.identity());
    Socket socket = RawSockets.openTls(uri, ATTACKER, certificates.ca());
    sockets.add(socket);

    RawSockets.write(socket, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    RawSockets.write(socket, new byte[16 * 1024]);

    await().atMost(Duration.ofSeconds(8)).until(() -> RawSockets.closedByPeer(socket));
    assertThat(refused("frame_too_large")).isEqualTo(1);
    assertThat(sidecarCalls(uri, "acme")).isEqualTo("hello x from console");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ws", "wss"})
  void aWebSocketFrameClaiming16MiBBeforeSetupIsRefusedAtItsHeader(String kind) throws Exception {
    URI uri = listen(kind, UnaryOperator.identity());
    Socket socket = kind.equals("wss") ? RawSockets.openTls(uri, ATTACKER, certificates.ca()) : attacker(uri);
    sockets.add(socket);
    assertThat(RawSockets.upgrade(socket)).startsWith("HTTP/1.1 101");

    RawSockets.write(socket, RawSockets.webSocketHeader(16 * 1024 * 1024 - 1));
    RawSockets.write(socket, new byte[16 * 1024]);

    await().atMost(Duration.ofSeconds(8)).until(() -> RawSockets.closedByPeer(socket));
    assertThat(refused("frame_too_large")).isEqualTo(1);
    assertThat(sidecarCalls(uri, "acme")).isEqualTo("hello x from console");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp", "ws", "tls", "wss"})
  void anAdmittedSessionSendsFramesFarAboveTheSetupLimit(String kind) {
    URI uri = listen(kind, b -> b.maxSetupFrameSize(4 * 1024));
    Peer sidecar = sidecar("acme");
    sidecar.dial(uri.toString());
    byte[] payload = new byte[1024 * 1024];

    assertThat(sidecar.proxy(Greeter.class, Target.node("console")).echoPayload(payload)).isEqualTo(payload.length + " bytes");
    assertThat(meters.find("backchannel.connections.refused").counters()).isEmpty();
  }

  private URI listen(String kind, UnaryOperator<PeerBuilder> limits) {
    Peer console = closer.register(limits.apply(Peer.builder().nodeId("console")
        .authenticator(TestAuth.authenticator()).meterRegistry(meters)
        .export(Greeter.class, new GreeterImpl("console"))).build());
    String uri = switch (kind) {
      case "tcp" -> "tcp://127.0.0.1:0";
      case "ws" -> "ws://127.0.0.1:0/";
      case "tls" -> "tcp+tls://127.0.0.1:0?" + certificates.server().query() + "&" + param("ca", certificates.ca());
      case "wss" -> "wss://127.0.0.1:0/?" + certificates.server().query() + "&" + param("ca", certificates.ca());
      default -> throw new IllegalArgumentException(kind);
    };
    return console.listen(uri).uri();
  }

  private Socket attacker(URI uri) throws Exception {
    Socket socket = RawSockets.open(uri, ATTACKER);
    sockets.add(socket);
    return socket;
  }

  private Peer sidecar(String tenant) {
    String nodeId = tenant + "-sidecar-" + sockets.size() + "-" + System.nanoTime();
    return closer.register(Peer.builder().nodeId(nodeId).tenant(tenant)
        .credential(TestAuth.token(tenant, nodeId, "node")).build());
  }

  /** An honest sidecar of {@code tenant} dials from 127.0.0.1 and calls the console. */
  private String sidecarCalls(URI uri, String tenant) {
    Peer sidecar = sidecar(tenant);
    sidecar.dial(uri.toString());
    return sidecar.proxy(Greeter.class, Target.node("console")).hello("x");
  }

  private double refused(String reason) {
    Counter counter = meters.find("backchannel.connections.refused").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }
}
