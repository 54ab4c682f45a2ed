package io.backchannel.core.session;

import org.junit.jupiter.api.BeforeEach;
import io.backchannel.testing.Closer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.PeerRejectedException;
import io.backchannel.core.node.Link;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.Peer;
import io.backchannel.core.auth.AuthenticationException;
import io.backchannel.core.auth.TokenAuthenticator;
import io.backchannel.core.auth.TokenClaims;
import io.backchannel.core.auth.TokenKeys;
import io.backchannel.core.auth.Tokens;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthenticationTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final TokenAuthenticator authenticator = TestAuth.authenticator();
  private final GreeterImpl greeter = new GreeterImpl("console");
  private final Closer closer = new Closer();
  private Peer console;
  private String uri;

  @BeforeEach
  void start() {
    console = closer.register(Peer.builder().nodeId("console").authenticator(authenticator).meterRegistry(meters)
        .export(Greeter.class, greeter).build());
    uri = console.listen("tcp://127.0.0.1:0").uri().toString();
  }

  @AfterEach
  void close() {
    closer.close();
  }

  @Test
  void aValidTokenDecidesTenantAndRole() {
    try (Peer sidecar = sidecar("s1", TestAuth.token("acme", "s1", "worker"))) {
      sidecar.dial(uri);
      NodeInfo seen = console.connection("s1").map(io.backchannel.core.node.Connection::remote).orElseThrow();
      assertThat(seen.tenant()).isEqualTo("acme");
      assertThat(seen.role()).isEqualTo("worker");
    }
  }

  @Test
  void badCredentialsAreRejectedWithAReasonAndNeverRegistered() {
    Tokens otherKey = new Tokens(TokenKeys.of("test", "another key of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8)));
    Tokens yesterday = new Tokens(TokenKeys.of("test", "a test key that is at least 32 bytes".getBytes(StandardCharsets.UTF_8)),
        Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC));
    String revoked = TestAuth.token("s5");
    authenticator.revokeToken(claims(revoked).tokenId());

    assertRejected("s1", null, "no credential");
    assertRejected("s2", otherKey.issue("default", "s2", "node", Duration.ofHours(1)), "invalid token signature");
    assertRejected("s3", yesterday.issue("default", "s3", "node", Duration.ofHours(1)), "token expired");
    assertRejected("s4", TestAuth.token("somebody-else"), "another node id");
    assertRejected("s5", revoked, "token revoked");
    assertRejected("s6", "bc1.garbage", "malformed token");

    assertThat(console.registry().nodes()).isEmpty();
    assertThat(greeter.handlerThreads).isEmpty();
    assertThat(meters.counter("backchannel.auth.failures").count()).isEqualTo(6);
  }

  @Test
  void revokingANodeRefusesAllItsTokens() {
    authenticator.revokeNode("default", "s7");
    assertRejected("s7", TestAuth.token("s7"), "token revoked");
  }

  @Test
  void aRejectedLinkBacksOffInsteadOfRetryingInALoop() {
    try (Peer sidecar = Peer.builder().nodeId("s8").credential("bc1.garbage")
            .reconnectBackoff(Duration.ofMillis(10), Duration.ofHours(1)).build();
        Link link = sidecar.connect(uri)) {
      await().until(() -> meters.counter("backchannel.auth.failures").count() >= 1);
      // After a refusal the link waits the maximum backoff: no second attempt follows.
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
          .until(() -> meters.counter("backchannel.auth.failures").count() == 1);
      assertThat(link.connection()).isEmpty();
    }
  }

  @Test
  void listeningWithoutAnAuthenticatorIsRefused() {
    try (Peer peer = Peer.builder().build()) {
      assertThatThrownBy(() -> peer.listen("tcp://127.0.0.1:0"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("insecureAllowAll");
    }
  }

  @Test
  void tokensRoundTrip() throws AuthenticationException {
    TokenClaims claims = TestAuth.TOKENS.verify(TestAuth.token("t", "n", "r"));
    assertThat(claims.tenant()).isEqualTo("t");
    assertThat(claims.nodeId()).isEqualTo("n");
    assertThat(claims.role()).isEqualTo("r");
    assertThat(claims.keyId()).isEqualTo("test");
  }

  @Test
  void keysAreRotatedByAddingANewOne() throws AuthenticationException {
    byte[] oldKey = "a test key that is at least 32 bytes".getBytes(StandardCharsets.UTF_8);
    Tokens rotated = new Tokens(TokenKeys.builder().add("test", oldKey)
        .add("next", "the next key, also at least 32 bytes".getBytes(StandardCharsets.UTF_8)).build());
    assertThat(rotated.verify(TestAuth.token("old-token-node")).nodeId()).isEqualTo("old-token-node");
    assertThat(rotated.verify(rotated.issue("d", "n", "r", Duration.ofMinutes(1))).keyId()).isEqualTo("next");
  }

  private void assertRejected(String nodeId, String token, String reason) {
    try (Peer sidecar = sidecar(nodeId, token)) {
      assertThatThrownBy(() -> sidecar.dial(uri))
          .isInstanceOf(PeerRejectedException.class)
          .hasMessageContaining(reason);
    }
  }

  private static Peer sidecar(String nodeId, String token) {
    var builder = Peer.builder().nodeId(nodeId);
    if (token != null) {
      builder.credential(token);
    }
    return builder.build();
  }

  private static TokenClaims claims(String token) {
    try {
      return TestAuth.TOKENS.verify(token);
    } catch (AuthenticationException e) {
      throw new AssertionError(e);
    }
  }
}
