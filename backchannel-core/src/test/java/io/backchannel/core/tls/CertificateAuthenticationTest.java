package io.backchannel.core.tls;

import org.junit.jupiter.api.BeforeEach;
import io.backchannel.testing.Closer;
import static io.backchannel.testing.TestCertificates.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backchannel.PeerRejectedException;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.Peer;
import io.backchannel.core.auth.Authenticator;
import io.backchannel.core.auth.CertificateAuthenticator;
import io.backchannel.core.auth.Principal;
import io.backchannel.testing.TestAuth;
import io.backchannel.testing.TestCertificates;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With mutual TLS, the verified client certificate stands in for the bearer token. */
class CertificateAuthenticationTest {
  @TempDir
  static Path dir;
  private static TestCertificates certificates;

  private final Closer closer = new Closer();
  private Peer console;

  @BeforeAll
  static void makeCertificates() {
    certificates = TestCertificates.create(dir);
  }

  @BeforeEach
  void startConsole() {
    console = closer.register(Peer.builder().nodeId("console")
        .authenticator(Authenticator.tokenOrCertificate(TestAuth.authenticator(), new CertificateAuthenticator(
            identity -> identity.commonName().map(cn -> new Principal(cn, "acme", "sidecar")))))
        .build());
  }

  @AfterEach
  void close() {
    closer.close();
  }

  private String listen(String clientAuth) {
    return console.listen("tcp+tls://127.0.0.1:0?" + certificates.server().query() + "&" + param("ca", certificates.ca())
        + "&clientAuth=" + clientAuth).uri().toString();
  }

  @Test
  void aVerifiedCertificateAuthenticatesWithoutAToken() {
    String uri = listen("require");
    try (Peer sidecar = Peer.builder().nodeId("sidecar-1").build()) {
      sidecar.dial(uri + "&" + certificates.client().query());
      NodeInfo seen = console.connection("sidecar-1").map(io.backchannel.core.node.Connection::remote).orElseThrow();
      assertThat(seen.tenant()).isEqualTo("acme");
      assertThat(seen.role()).isEqualTo("sidecar");
    }
  }

  @Test
  void aCertificateOnlyAuthenticatesTheNodeItNames() {
    String uri = listen("require");
    try (Peer impostor = Peer.builder().nodeId("sidecar-2").build()) {
      assertThatThrownBy(() -> impostor.dial(uri + "&" + certificates.client().query()))
          .isInstanceOf(PeerRejectedException.class)
          .hasMessageContaining("another node id");
    }
  }

  @Test
  void withoutACertificateOrATokenANodeIsRefused() {
    String uri = listen("optional");
    try (Peer anonymous = Peer.builder().nodeId("sidecar-1").build()) {
      assertThatThrownBy(() -> anonymous.dial(uri))
          .isInstanceOf(PeerRejectedException.class)
          .hasMessageContaining("no credential");
    }
    assertThat(console.registry().nodes()).isEmpty();
  }

  @Test
  void aTokenStillWorksOnTheSameListener() {
    String uri = listen("optional");
    try (Peer withToken = Peer.builder().nodeId("t1").credential(TestAuth.token("t1")).build()) {
      withToken.dial(uri);
      assertThat(console.connection("t1").map(io.backchannel.core.node.Connection::remote).orElseThrow().tenant()).isEqualTo("default");
    }
  }
}
