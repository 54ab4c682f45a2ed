package io.backchannel.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backchannel.core.transport.TlsIdentity;
import io.backchannel.testing.TestCertificates;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node that sent no hello claims no node id: each built-in authenticator names it from its credential. */
class NoHelloTest {
  @Test
  void theCertificateNamesTheNode(@TempDir Path dir) throws Exception {
    X509Certificate certificate;
    try (InputStream in = Files.newInputStream(TestCertificates.create(dir).client().cert())) {
      certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    TlsIdentity identity = TlsIdentity.of(List.of(certificate));
    CertificateAuthenticator certificates = new CertificateAuthenticator(
        id -> Optional.of(new Principal("sidecar-1", "acme", "sidecar")));
    assertThat(certificates.authenticate(new AuthenticationRequest(null, null, null, null, identity)).nodeId())
        .isEqualTo("sidecar-1");
    assertThatThrownBy(() -> certificates.authenticate(new AuthenticationRequest("sidecar-2", null, null, null, identity)))
        .hasMessageContaining("another node id");
  }

  @Test
  void insecureAllowAllMakesItAnonymous() throws AuthenticationException {
    Principal principal = Authenticator.insecureAllowAll().authenticate(new AuthenticationRequest(null, null, null, null, null));
    assertThat(principal.nodeId()).startsWith("anonymous-");
    assertThat(principal.tenant()).isEqualTo(Principal.DEFAULT_TENANT);
  }
}
