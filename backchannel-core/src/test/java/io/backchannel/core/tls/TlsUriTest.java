package io.backchannel.core.tls;

import org.junit.jupiter.api.BeforeEach;
import io.backchannel.testing.Closer;
import static io.backchannel.testing.TestCertificates.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backchannel.core.Server;
import io.backchannel.core.Peer;
import io.backchannel.core.internal.transport.TlsTransportFactory;
import io.backchannel.core.transport.Transports;
import io.backchannel.testing.TestAuth;
import io.backchannel.testing.TestCertificates;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What TLS URIs accept and refuse; there is no way to ask for less checking. */
class TlsUriTest {
  @TempDir
  static Path dir;
  private static TestCertificates certificates;
  private static String serverQuery;

  private final Closer closer = new Closer();
  private Peer peer;

  @BeforeAll
  static void makeCertificates() {
    certificates = TestCertificates.create(dir);
    serverQuery = certificates.server().query() + "&" + param("ca", certificates.ca());
  }

  @BeforeEach
  void startPeer() {
    peer = closer.register(Peer.builder().nodeId("uri-test").authenticator(TestAuth.authenticator()).build());
  }

  @AfterEach
  void closePeer() {
    closer.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp+tls://h:1", "tls://h:1", "wss://h:1/rpc", "TCP+TLS://h:1"})
  void theTlsSchemesBelongToTheTlsFactory(String uri) {
    assertThat(Transports.forUri(URI.create(uri))).isInstanceOf(TlsTransportFactory.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"insecure=true", "trustAll=true", "verify=false", "skipHostnameVerification=1"})
  void thereIsNoParameterToTrustEverything(String parameter) {
    assertThatThrownBy(() -> peer.dial("tcp+tls://127.0.0.1:7443?" + parameter))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown TLS parameter '" + parameter.substring(0, parameter.indexOf('=')) + "'")
        .hasMessageContaining("[cert, key, ca, clientAuth, serverName]");
    assertThatThrownBy(() -> peer.listen("tcp+tls://127.0.0.1:0?" + serverQuery + "&" + parameter))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown TLS parameter");
  }

  @Test
  void clientAuthTakesNoneOptionalOrRequire() {
    assertThatThrownBy(() -> peer.listen("tcp+tls://127.0.0.1:0?" + serverQuery + "&clientAuth=maybe"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clientAuth=maybe is not one of none, optional, require");
  }

  @Test
  void clientAuthNeedsACaOfItsOwn() {
    assertThatThrownBy(() -> peer.listen("tcp+tls://127.0.0.1:0?" + certificates.server().query() + "&clientAuth=require"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clientAuth=require needs ca=");
  }

  @Test
  void clientAuthIsForListenersOnly() {
    assertThatThrownBy(() -> peer.dial("tcp+tls://127.0.0.1:7443?clientAuth=require"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clientAuth= applies to listeners only");
  }

  @Test
  void aListenerNeedsACertificateAndKey() {
    assertThatThrownBy(() -> peer.listen("tcp+tls://127.0.0.1:0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs cert= and key=");
    assertThatThrownBy(() -> peer.listen("tcp+tls://127.0.0.1:0?" + param("cert", certificates.server().cert())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cert= and key= go together");
  }

  @Test
  void badFilesAreNamedWithTheirParameter() throws Exception {
    Path missing = dir.resolve("missing.pem");
    assertThatThrownBy(() -> peer.dial("tcp+tls://127.0.0.1:7443?" + param("ca", missing)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ca=" + missing + " cannot be read");

    Path pkcs1 = Files.writeString(dir.resolve("pkcs1.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    assertThatThrownBy(() -> peer.listen("tcp+tls://127.0.0.1:0?" + param("cert", certificates.server().cert()) + "&" + param("key", pkcs1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key=" + pkcs1 + " holds a 'RSA PRIVATE KEY' key; expected PKCS#8");

    assertThatThrownBy(() -> peer.listen("tcp+tls://127.0.0.1:0?" + param("cert", certificates.server().cert())
        + "&" + param("key", certificates.client().key())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not the private key of the first certificate in cert=");

    assertThatThrownBy(() -> peer.dial("tcp+tls://127.0.0.1:7443?" + param("ca", certificates.server().key())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds no certificate");
  }

  @Test
  void parametersAreGivenOnceWithAValue() {
    String ca = param("ca", certificates.ca());
    assertThatThrownBy(() -> peer.dial("tcp+tls://127.0.0.1:7443?" + ca + "&" + ca))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'ca' given twice");
    assertThatThrownBy(() -> peer.dial("tcp+tls://127.0.0.1:7443?ca="))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'ca' needs a value");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp+tls://127.0.0.1:0", "wss://127.0.0.1:0/rpc"})
  void theListenerUriHasThePortAndOnlyWhatDialersNeed(String address) {
    Server listener = peer.listen(address + "?" + serverQuery + "&serverName=localhost&clientAuth=optional");
    URI uri = listener.uri();
    assertThat(uri.getPort()).isPositive();
    assertThat(uri.getScheme()).isEqualTo(URI.create(address).getScheme());
    assertThat(uri.getPath()).isEqualTo(URI.create(address).getPath());
    assertThat(uri.getRawQuery()).isEqualTo(param("ca", certificates.ca()) + "&serverName=localhost");
  }

  @Test
  void testKeysAreReadableByTheOwnerOnly() throws Exception {
    assertThat(Files.getPosixFilePermissions(certificates.server().key()))
        .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
  }
}
