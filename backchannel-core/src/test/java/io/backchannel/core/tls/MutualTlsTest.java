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
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** {@code clientAuth=require}: only clients with a certificate from the listener's CA get in. */
class MutualTlsTest {
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

  @ParameterizedTest
  @ValueSource(strings = {"tcp+tls://127.0.0.1:0", "wss://127.0.0.1:0/rpc"})
  void aClientWithoutACertificateIsRefused(String address) {
    URI listener = listen(address, "require");
    assertRefused(listener.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp+tls://127.0.0.1:0", "wss://127.0.0.1:0/rpc"})
  void aClientWithACertificateFromAnotherCaIsRefused(String address) {
    URI listener = listen(address, "require");
    assertRefused(listener + "&" + certificates.clientFromOtherCa().query());
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp+tls://127.0.0.1:0", "wss://127.0.0.1:0/rpc"})
  void aClientWithAGoodCertificateGetsIn(String address) {
    URI listener = listen(address, "require");
    Connection connection = sidecar.dial(listener + "&" + certificates.client().query());
    assertThat(connection.proxy(Greeter.class).hello("ann")).isEqualTo("hello ann from console");
    assertThat(console.connection("sidecar-1")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp+tls://127.0.0.1:0", "wss://127.0.0.1:0/rpc"})
  void optionalClientAuthLetsClientsWithoutACertificateIn(String address) {
    URI listener = listen(address, "optional");
    Connection connection = sidecar.dial(listener.toString());
    assertThat(connection.proxy(Greeter.class).hello("bob")).isEqualTo("hello bob from console");
  }

  private URI listen(String address, String clientAuth) {
    URI uri = console.listen(address + "?" + certificates.server().query() + "&" + param("ca", certificates.ca())
        + "&clientAuth=" + clientAuth).uri();
    assertThat(uri.getQuery()).doesNotContain("clientAuth", "cert=", "key=").contains("ca=");
    return uri;
  }

  private void assertRefused(String uri) {
    // Under TLS 1.3 the client finishes its side of the handshake before the server checks the
    // client certificate, so the refusal may arrive as an alert or a closed connection. A client
    // whose certificate is from another CA sends none (the JDK only offers certificates issued by
    // a CA the server names), so it is refused like a client without one.
    assertThatThrownBy(() -> sidecar.dial(uri)).isInstanceOf(NotConnectedException.class);
    assertThat(console.connection("sidecar-1")).isEmpty();
    assertThat(sidecar.connections()).isEmpty();
  }
}
