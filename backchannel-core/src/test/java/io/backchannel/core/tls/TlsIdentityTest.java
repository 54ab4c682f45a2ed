package io.backchannel.core.tls;

import static io.backchannel.testing.TestCertificates.param;
import static org.assertj.core.api.Assertions.assertThat;

import io.backchannel.core.transport.TlsIdentity;
import io.backchannel.core.transport.TransportFactory;
import io.backchannel.core.transport.Transports;
import io.backchannel.testing.TestCertificates;
import io.rsocket.Closeable;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
import io.rsocket.core.RSocketServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

/**
 * The hook for certificate identity: an RSocket acceptor on a TLS listener finds the client's
 * verified certificate in its Reactor context.
 */
class TlsIdentityTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir
  static Path dir;
  private static TestCertificates certificates;

  @BeforeAll
  static void makeCertificates() {
    certificates = TestCertificates.create(dir);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp+tls://127.0.0.1:0", "wss://127.0.0.1:0/rpc"})
  void theAcceptorSeesTheVerifiedClientCertificate(String address) throws Exception {
    TlsIdentity identity = identitySeenByAcceptor(address, "require", certificates.client().query()).orElseThrow();

    assertThat(identity.commonName()).hasValue("sidecar-1");
    assertThat(identity.subject()).isEqualTo("CN=sidecar-1,O=Backchannel Test");
    assertThat(identity.dnsNames()).containsExactly("sidecar-1.backchannel.test");
    assertThat(identity.uris()).containsExactly("spiffe://backchannel.test/node/sidecar-1");
    assertThat(identity.name()).isEqualTo("spiffe://backchannel.test/node/sidecar-1");
    assertThat(identity.chain()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "optional"})
  void aClientWithoutACertificateHasNoIdentity(String clientAuth) throws Exception {
    assertThat(identitySeenByAcceptor("tcp+tls://127.0.0.1:0", clientAuth, null)).isEmpty();
  }

  @Test
  void withoutClientAuthAClientCertificateIsNotAskedFor() throws Exception {
    assertThat(identitySeenByAcceptor("tcp+tls://127.0.0.1:0", "none", certificates.client().query())).isEmpty();
  }

  @Test
  void aCertificateFromAnotherCaIsNeverAnIdentity() throws Exception {
    // With clientAuth=optional the client joins, but anonymously: the JDK client only offers a
    // certificate issued by one of the CAs the server names, and the server checks any it gets.
    assertThat(identitySeenByAcceptor("tcp+tls://127.0.0.1:0", "optional", certificates.clientFromOtherCa().query()))
        .isEmpty();
  }

  private static Optional<TlsIdentity> identitySeenByAcceptor(String address, String clientAuth, String clientQuery)
      throws Exception {
    URI listen = URI.create(address + "?" + certificates.server().query() + "&" + param("ca", certificates.ca())
        + "&clientAuth=" + clientAuth);
    TransportFactory factory = Transports.forUri(listen);
    CompletableFuture<Optional<TlsIdentity>> seen = new CompletableFuture<>();
    Closeable server = RSocketServer
        .create((setup, sendingSocket) -> Mono.deferContextual(context -> {
          seen.complete(TlsIdentity.from(context));
          return Mono.just(new RSocket() {});
        }))
        .bind(factory.server(listen))
        .block(TIMEOUT);
    try {
      URI bound = factory.boundUri(listen, server);
      URI dial = clientQuery == null ? bound : URI.create(bound + "&" + clientQuery);
      RSocket client = RSocketConnector.connectWith(factory.client(dial)).block(TIMEOUT);
      try {
        return seen.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } finally {
        client.dispose();
      }
    } finally {
      server.dispose();
    }
  }
}
