package io.backchannel.core.internal.connect;

import static io.backchannel.testing.TestCertificates.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backchannel.PeerRejectedException;
import io.backchannel.core.Peer;
import io.backchannel.core.auth.Authenticator;
import io.backchannel.core.auth.Principal;
import io.backchannel.core.internal.metrics.PeerMetrics;
import io.backchannel.core.internal.transport.TlsTransportFactory;
import io.backchannel.testing.Closer;
import io.backchannel.testing.TestCertificates;
import io.backchannel.testing.TestCertificates.CertAndKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rsocket.DuplexConnection;
import io.rsocket.transport.ClientTransport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * RSocket resumption reconnects through the transport of the original dial: a later connection of
 * one dial must prove the listener the first one proved.
 */
class VerifiedTransportTest {
  @TempDir
  Path dir;

  private final Closer closer = new Closer();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @AfterEach
  void close() {
    closer.close();
  }

  @Test
  void aLaterConnectionToAnotherVerifiedListenerIsRefused() {
    TestCertificates certificates = TestCertificates.create(dir);
    String console = listen(certificates, certificates.serverFor("console", "console.test"), "console.test");
    String other = listen(certificates, certificates.serverFor("other", "other.test"), "other.test");
    Map<String, Principal> known = Map.of(
        "console.test", new Principal("console", "ops", "console-role"),
        "other.test", new Principal("other", "ops", "console-role"));
    ListenerVerifier verifier = new ListenerVerifier("sidecar-1", certificate -> Optional.ofNullable(known.get(certificate.name())),
        Schedulers.boundedElastic(), closer.register(new PeerMetrics(meters)));
    VerifiedTransport transport = verifier.transport(firstThen(console, other), "the test listener");

    DuplexConnection first = transport.connect().block(Duration.ofSeconds(10));
    assertThat(first).isNotNull();
    first.dispose();
    assertThatThrownBy(() -> transport.connect().block(Duration.ofSeconds(10)))
        .isInstanceOf(PeerRejectedException.class)
        .hasMessageContaining("now presents certificate other.test for node 'other'")
        .hasMessageContaining("this connection was made to node 'console'");
    assertThat(meters.counter("backchannel.trust.refusals", "reason", "listener_changed").count()).isEqualTo(1);
  }

  private String listen(TestCertificates certificates, CertAndKey certificate, String name) {
    Peer peer = closer.register(Peer.builder().authenticator(Authenticator.insecureAllowAll()).build());
    return peer.listen("tcp+tls://127.0.0.1:0?" + certificate.query() + "&" + param("ca", certificates.ca())
        + "&serverName=" + name).uri().toString();
  }

  /** Dials {@code first} once, then {@code then}: a listener replaced between two connections. */
  private static ClientTransport firstThen(String first, String then) {
    TlsTransportFactory factory = new TlsTransportFactory();
    AtomicInteger dials = new AtomicInteger();
    ClientTransport one = factory.client(URI.create(first));
    ClientTransport two = factory.client(URI.create(then));
    return () -> Mono.defer(() -> (dials.getAndIncrement() == 0 ? one : two).connect());
  }
}
