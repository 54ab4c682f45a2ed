package io.backchannel.core.tls;

import static io.backchannel.testing.TestCertificates.param;

import io.backchannel.testing.PeerConformanceSuite;
import io.backchannel.testing.TestCertificates;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behavioural suite over {@code tcp+tls}. The sidecar dials the listener's URI, which keeps
 * only {@code ca}: it checks the console's certificate for 127.0.0.1 against the test CA.
 */
class TlsTcpPeerTest extends PeerConformanceSuite {
  @TempDir
  static Path dir;
  private static TestCertificates certificates;

  @BeforeAll
  static void makeCertificates() {
    certificates = TestCertificates.create(dir);
  }

  @Override
  protected String listenUri() {
    return "tcp+tls://127.0.0.1:0?" + certificates.server().query() + "&" + param("ca", certificates.ca());
  }
}
