package io.backchannel.core.tls;

import static io.backchannel.testing.TestCertificates.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.PeerRejectedException;
import io.backchannel.core.Peer;
import io.backchannel.core.PeerBuilder;
import io.backchannel.core.auth.Authenticator;
import io.backchannel.core.auth.Principal;
import io.backchannel.core.node.Connection;
import io.backchannel.core.node.Link;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.Target;
import io.backchannel.core.transport.TlsIdentity;
import io.backchannel.testing.Closer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestCertificates;
import io.backchannel.testing.TestCertificates.CertAndKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sidecar that verifies the listeners it dials ({@code PeerBuilder.verifyListeners}) over real
 * TLS on loopback: it takes the console's identity from the console's certificate, and refuses a
 * listener whose certificate is missing or unknown, or whose hello claims more than it proves.
 */
class DialedPeerVerificationTest {
  private static final String CONSOLE_NAME = "console.ops.backchannel.test";
  private static final Principal CONSOLE = new Principal("console", "ops", "console-role");

  @TempDir
  static Path dir;
  private static TestCertificates certificates;
  private static CertAndKey consoleCertificate;

  private final Closer closer = new Closer();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  /** SETUPs the listener under test saw: a listener refused for its certificate sees none. */
  private final AtomicInteger setups = new AtomicInteger();

  @BeforeAll
  static void makeCertificates() {
    certificates = TestCertificates.create(dir);
    consoleCertificate = certificates.serverFor("console", CONSOLE_NAME);
  }

  @AfterEach
  void close() {
    closer.close();
  }

  /** The sidecar's mapping: one known listener certificate, by its DNS name. */
  private static Optional<Principal> knownListeners(TlsIdentity certificate) {
    return Optional.ofNullable(Map.of(CONSOLE_NAME, CONSOLE).get(certificate.name()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp+tls://127.0.0.1:0", "wss://127.0.0.1:0/rpc"})
  void theDialedNodeIsWhatItsCertificateProves(String listen) {
    Listener console = listener("console", "ops", "console-role", consoleCertificate, listen);
    Peer sidecar = sidecar(DialedPeerVerificationTest::knownListeners);

    sidecar.dial(console.consoleUri());

    NodeInfo seen = sidecar.connection("console").map(Connection::remote).orElseThrow();
    assertThat(seen.nodeId()).isEqualTo("console");
    assertThat(seen.tenant()).isEqualTo("ops");
    assertThat(seen.role()).isEqualTo("console-role");
    assertThat(sidecar.registry().nodes()).containsExactly(seen);
    assertThat(sidecar.proxy(Greeter.class, Target.node("console")).hello("x")).isEqualTo("hello x from console");
  }

  @ParameterizedTest(name = "hello claims {0}/{1}/{2}")
  @CsvSource({
      "console, acme, console-role, tenant",
      "console, ops, operator, role",
      "hub, ops, console-role, node id",
      "hub, acme, operator, 'node id, tenant, role'"})
  void aListenerClaimingMoreThanItsCertificateProvesIsRefused(String nodeId, String tenant, String role, String differs) {
    Listener impostor = listener(nodeId, tenant, role, consoleCertificate, "tcp+tls://127.0.0.1:0");
    Peer sidecar = sidecar(DialedPeerVerificationTest::knownListeners);

    assertThatThrownBy(() -> sidecar.dial(impostor.consoleUri()))
        .isInstanceOf(PeerRejectedException.class)
        .hasMessageContaining("presented certificate " + CONSOLE_NAME + " for node 'console' of tenant 'ops' as 'console-role'")
        .hasMessageEndingWith("but its hello claims another " + differs);

    assertThat(sidecar.registry().nodes()).isEmpty();
    assertThat(refusals("listener_claim_mismatch")).isEqualTo(1);
    await().untilAsserted(() -> assertThat(impostor.peer().registry().nodes()).as("the sidecar closed the connection").isEmpty());
  }

  @Test
  void withoutVerificationAListenersHelloIsTakenAsALabel() {
    Listener impostor = listener("console", "acme", "operator", consoleCertificate, "tcp+tls://127.0.0.1:0");
    Peer sidecar = closer.register(Peer.builder().nodeId("sidecar-1").tenant("acme").build());

    sidecar.dial(impostor.consoleUri());

    assertThat(sidecar.connection("console").map(Connection::remote).map(NodeInfo::tenant)).contains("acme");
  }

  @Test
  void aListenerWithACertificateTheSidecarDoesNotKnowIsRefusedBeforeSetup() {
    Listener stranger = listener("console", "ops", "console-role", certificates.server(), "tcp+tls://127.0.0.1:0");
    Peer sidecar = sidecar(DialedPeerVerificationTest::knownListeners);

    assertThatThrownBy(() -> sidecar.dial(stranger.uri()))
        .isInstanceOf(PeerRejectedException.class)
        .hasMessageContaining("presented certificate localhost, which this node does not accept");

    assertThat(refusals("listener_certificate_refused")).isEqualTo(1);
    assertThat(setups).as("the listener never saw the sidecar's SETUP or credential").hasValue(0);
  }

  @Test
  void aMappingThatThrowsRefusesTheListener() {
    Listener console = listener("console", "ops", "console-role", consoleCertificate, "tcp+tls://127.0.0.1:0");
    Peer sidecar = sidecar(certificate -> {
      throw new IllegalStateException("directory unreachable");
    });

    assertThatThrownBy(() -> sidecar.dial(console.consoleUri()))
        .isInstanceOf(PeerRejectedException.class)
        .hasMessageContaining("could not be verified")
        .hasMessageNotContaining("directory unreachable");
    assertThat(refusals("listener_certificate_refused")).isEqualTo(1);
    assertThat(setups).hasValue(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp://127.0.0.1:0", "ws://127.0.0.1:0/rpc"})
  void verificationOverAPlainTransportIsRefused(String listen) {
    Peer plain = closer.register(listenerBuilder("console", "ops", "console-role").build());
    String uri = plain.listen(listen).uri().toString();
    Peer sidecar = sidecar(DialedPeerVerificationTest::knownListeners);

    assertThatThrownBy(() -> sidecar.dial(uri))
        .isInstanceOf(PeerRejectedException.class)
        .hasMessageContaining("presented no TLS certificate")
        .hasMessageContaining("dial it over tcp+tls:// or wss://");

    assertThat(refusals("listener_no_certificate")).isEqualTo(1);
    assertThat(setups).hasValue(0);
  }

  @Test
  void aRefusedListenerIsRedialedAfterTheMaximumBackoffNotInALoop() {
    Listener impostor = listener("console", "acme", "operator", consoleCertificate, "tcp+tls://127.0.0.1:0");
    Peer sidecar = closer.register(Peer.builder().nodeId("sidecar-1").meterRegistry(meters)
        .verifyListeners(DialedPeerVerificationTest::knownListeners)
        .reconnectBackoff(Duration.ofMillis(10), Duration.ofHours(1)).build());

    Link link = closer.register(sidecar.connect(impostor.consoleUri()));

    await().until(() -> refusals("listener_claim_mismatch") >= 1);
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
        .until(() -> refusals("listener_claim_mismatch") == 1);
    assertThat(link.connection()).isEmpty();
    assertThat(setups).hasValue(1);
  }

  @Test
  void aVerifiedConnectionEndsWhenItsPrincipalExpires() {
    Listener console = listener("console", "ops", "console-role", consoleCertificate, "tcp+tls://127.0.0.1:0");
    Peer sidecar = sidecar(certificate -> knownListeners(certificate).map(principal -> new Principal(
        principal.nodeId(), principal.tenant(), principal.role(), Instant.now().plusMillis(300))));

    Connection connection = sidecar.dial(console.consoleUri());

    await().untilAsserted(() -> assertThat(connection.isOpen()).isFalse());
    assertThat(meters.counter("backchannel.sessions.ended", "reason", "credential_expired").count()).isEqualTo(1);
  }

  /** A peer whose hello claims {@code nodeId}, {@code tenant} and {@code role}, listening with {@code certificate}. */
  private Listener listener(String nodeId, String tenant, String role, CertAndKey certificate, String listen) {
    Peer peer = closer.register(listenerBuilder(nodeId, tenant, role).export(Greeter.class, new GreeterImpl(nodeId)).build());
    String uri = peer.listen(listen + "?" + certificate.query() + "&" + param("ca", certificates.ca())).uri().toString();
    return new Listener(peer, uri);
  }

  /**
   * A listening peer and its URI: as dialers get it, and checked against the console's name (its
   * certificate has no IP address).
   */
  private record Listener(Peer peer, String uri) {
    String consoleUri() {
      return uri + "&serverName=" + CONSOLE_NAME;
    }
  }

  private PeerBuilder listenerBuilder(String nodeId, String tenant, String role) {
    Authenticator allowAll = Authenticator.insecureAllowAll();
    return Peer.builder().nodeId(nodeId).tenant(tenant).role(role).authenticator(request -> {
      setups.incrementAndGet();
      return allowAll.authenticate(request);
    });
  }

  private Peer sidecar(Function<TlsIdentity, Optional<Principal>> principals) {
    return closer.register(Peer.builder().nodeId("sidecar-1").tenant("acme").credential("sidecar-secret")
        .meterRegistry(meters).verifyListeners(principals).build());
  }

  private double refusals(String reason) {
    return meters.counter("backchannel.trust.refusals", "reason", reason).count();
  }
}
