package io.backchannel.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.core.auth.TokenAuthenticator;
import io.backchannel.core.auth.TokenKeys;
import io.backchannel.core.auth.Tokens;
import io.backchannel.core.node.Connection;
import io.backchannel.core.node.Target;
import io.backchannel.testing.Closer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A session lasts no longer than the credential that admitted it: expiry and revocation end it. */
class CredentialLifetimeTest {
  private final Closer closer = new Closer();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  // No clock skew: a session ends when its token stops being accepted, which is exp plus the skew.
  private static final Tokens EXACT = Tokens.builder(
      TokenKeys.of("test", "a test key that is at least 32 bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
      .clockSkew(Duration.ZERO).build();
  private final TokenAuthenticator authenticator = new TokenAuthenticator(EXACT);
  private Peer console;
  private String uri;

  @BeforeEach
  void listen() {
    console = closer.register(Peer.builder().nodeId("console").authenticator(authenticator).meterRegistry(meters)
        .credentialRecheck(Duration.ofMillis(200)).build());
    uri = console.listen("tcp://127.0.0.1:0").uri().toString();
  }

  @AfterEach
  void close() {
    closer.close();
  }

  private Connection join(String nodeId, String token) {
    Peer peer = closer.register(Peer.builder().nodeId(nodeId).credential(token)
        .export(Greeter.class, new GreeterImpl(nodeId)).build());
    return peer.dial(uri);
  }

  @Test
  void aSessionEndsWhenItsTokenExpires() {
    join("b1", TestAuth.token("bolt", "b1", "node"));
    Connection shortLived = join("a1", EXACT.issue("acme", "a1", "node", Duration.ofSeconds(2)));
    assertThat(console.connection("a1")).isPresent();

    await().atMost(Duration.ofSeconds(15)).until(() -> !shortLived.isOpen());
    await().atMost(Duration.ofSeconds(5)).until(() -> console.connection("a1").isEmpty());
    assertThat(meters.counter("backchannel.sessions.ended", "reason", "credential_expired").count()).isEqualTo(1);
    assertThat(console.proxy(Greeter.class, Target.node("bolt", "b1")).hello("x"))
        .as("the other tenant's session goes on").isEqualTo("hello x from b1");
  }

  @Test
  void aSessionEndsWhenItsTokenIsRevoked() {
    join("b1", TestAuth.token("bolt", "b1", "node"));
    Connection revoked = join("a1", TestAuth.token("acme", "a1", "node"));
    assertThat(console.proxy(Greeter.class, Target.node("acme", "a1")).hello("x")).isEqualTo("hello x from a1");

    authenticator.revokeNode("acme", "a1");

    await().atMost(Duration.ofSeconds(15)).until(() -> !revoked.isOpen());
    await().atMost(Duration.ofSeconds(5)).until(() -> console.connection("a1").isEmpty());
    assertThat(meters.counter("backchannel.sessions.ended", "reason", "credential_revoked").count()).isEqualTo(1);
    assertThat(console.proxy(Greeter.class, Target.node("bolt", "b1")).hello("x"))
        .as("the other tenant's session goes on").isEqualTo("hello x from b1");
  }
}
