package io.backchannel.core.tls;

import io.backchannel.testing.Closer;
import static io.backchannel.testing.TestCertificates.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backchannel.NotConnectedException;
import io.backchannel.ConnectionLostException;
import io.backchannel.core.node.Connection;
import io.backchannel.core.Peer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import io.backchannel.testing.TestCertificates;
import io.backchannel.testing.TestCertificates.CertAndKey;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dialer refuses every server it cannot verify, and the server never sees the connection. */
class TlsRefusalTest {
  @TempDir
  static Path dir;
  private static TestCertificates certificates;

  private final Closer closer = new Closer();
  private Peer console;
  private Peer sidecar;

  @BeforeAll
  static void makeCertificates() {
    certificates = TestCertificates.create(dir);
  }

  @BeforeEach
  void startPeers() {
    console = closer.register(Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
        .export(Greeter.class, new GreeterImpl("console")).build());
    sidecar = closer.register(Peer.builder().nodeId("sidecar-1").credential(TestAuth.token("sidecar-1"))
        .connectTimeout(Duration.ofSeconds(5)).build());
  }

  @AfterEach
  void closePeers() {
    closer.close();
  }

  @Test
  void aDialerTrustingAnotherCaRefusesTheServer() {
    int port = listen("tcp+tls", certificates.server());
    assertRefused("tcp+tls://127.0.0.1:" + port + "?" + param("ca", certificates.otherCa()), SSLHandshakeException.class);
  }

  @Test
  void aServerWithACertificateFromAnotherCaIsRefused() {
    int port = listen("wss", certificates.serverFromOtherCa());
    assertRefused("wss://127.0.0.1:" + port + "/rpc?" + param("ca", certificates.ca()), SSLHandshakeException.class);
  }

  @Test
  void withoutCaTheJdkTrustStoreIsUsedNotTrustAll() {
    int port = listen("tls", certificates.server());
    assertRefused("tls://127.0.0.1:" + port, SSLHandshakeException.class);
  }

  @Test
  void anExpiredServerCertificateIsRefused() {
    int port = listen("tcp+tls", certificates.expiredServer());
    assertRefused("tcp+tls://127.0.0.1:" + port + "?" + param("ca", certificates.ca()), CertificateExpiredException.class);
  }

  @Test
  void aCertificateForAnotherHostIsRefused() {
    int port = listen("tcp+tls", certificates.serverFor("other", "other.example"));
    String ca = param("ca", certificates.ca());
    assertRefused("tcp+tls://127.0.0.1:" + port + "?" + ca, SSLHandshakeException.class);
    assertRefused("tcp+tls://localhost:" + port + "?" + ca, SSLHandshakeException.class);
  }

  @Test
  void serverNameIsWhatTheCertificateMustMatch() {
    // The certificate is good for 127.0.0.1, but the dialer asked for another name: refused,
    // with no fall-back to the address dialed.
    int port = listen("tcp+tls", certificates.server());
    String ca = param("ca", certificates.ca());
    assertRefused("tcp+tls://127.0.0.1:" + port + "?" + ca + "&serverName=wrong.example", SSLHandshakeException.class);

    int otherPort = listen("wss", certificates.serverFor("named", "console.example"));
    Connection connection = sidecar.dial("wss://127.0.0.1:" + otherPort + "/rpc?" + ca + "&serverName=console.example");
    assertThat(connection.proxy(Greeter.class).hello("ann")).isEqualTo("hello ann from console");
  }

  @Test
  void plainTcpToATlsPortFailsCleanly() {
    int port = listen("tcp+tls", certificates.server());
    assertThatThrownBy(() -> sidecar.dial("tcp://127.0.0.1:" + port)).isInstanceOf(NotConnectedException.class);
    assertThat(console.connections()).isEmpty();

    // The listener is unharmed.
    Connection connection = sidecar.dial("tcp+tls://127.0.0.1:" + port + "?" + param("ca", certificates.ca()));
    assertThat(connection.proxy(Greeter.class).hello("ann")).isEqualTo("hello ann from console");
  }

  @Test
  void aGoodServerIsAccepted() {
    int port = listen("tcp+tls", certificates.server());
    Connection connection = sidecar.dial("tcp+tls://localhost:" + port + "?" + param("ca", certificates.ca()));
    assertThat(connection.proxy(Greeter.class).hello("ann")).isEqualTo("hello ann from console");
  }

  private int listen(String scheme, CertAndKey server) {
    String path = scheme.equals("wss") ? "/rpc" : "";
    return console.listen(scheme + "://127.0.0.1:0" + path + "?" + server.query()).uri().getPort();
  }

  private void assertRefused(String uri, Class<? extends Throwable> expectedCause) {
    assertThatThrownBy(() -> sidecar.dial(uri))
        .isInstanceOf(NotConnectedException.class)
        .satisfies(e -> assertThat(causes(e)).anyMatch(expectedCause::isInstance));
    assertThat(console.connections()).isEmpty();
    assertThat(sidecar.connections()).isEmpty();
  }

  static List<Throwable> causes(Throwable e) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }
}
