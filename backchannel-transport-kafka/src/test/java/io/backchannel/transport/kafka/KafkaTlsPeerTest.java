package io.backchannel.transport.kafka;

import io.backchannel.core.PeerBuilder;
import io.backchannel.testing.PeerConformanceSuite;
import io.backchannel.testing.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The full Backchannel behavioural suite over Kafka sessions in TLS: the console listens with its
 * certificate, the sidecar dials the listener's URI ({@code ca} and {@code serverName} kept, the
 * key left behind) and verifies the certificate.
 */
class KafkaTlsPeerTest extends PeerConformanceSuite {
  private static final TestCertificates CERTIFICATES = certificates();

  @Override
  protected String listenUri() {
    return TestBroker.shared().uri(TestBroker.freshTopic("tls-peer"), CERTIFICATES.server().query() + "&"
        + TestCertificates.param("ca", CERTIFICATES.ca()) + "&serverName=localhost").toString();
  }

  @Override
  protected PeerBuilder configure(PeerBuilder builder) {
    return builder.defaultDeadline(Duration.ofSeconds(60)).connectTimeout(Duration.ofSeconds(30));
  }

  private static TestCertificates certificates() {
    try {
      Path dir = Files.createTempDirectory("kafka-tls-peer-");
      dir.toFile().deleteOnExit();
      return TestCertificates.create(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected int streamPrefetch() {
    return 1_024; // KafkaTransportFactory's default: each REQUEST_N crosses the broker
  }
}
