package io.backchannel.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.NotConnectedException;
import io.backchannel.core.CallOptions;
import io.backchannel.core.Peer;
import io.backchannel.core.node.Connection;
import io.backchannel.core.node.Link;
import io.backchannel.core.node.Target;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A link's proxy follows the link across reconnects; per-call targets never silently apply to fixed proxies. */
class LinkProxyTest {
  private @Nullable Peer console;
  private @Nullable Peer sidecar;
  private @Nullable Link link;

  @BeforeEach
  void start() {
    console = Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
        .export(Greeter.class, new GreeterImpl("console")).build();
    String uri = console.listen("tcp://127.0.0.1:0").uri().toString();
    sidecar = Peer.builder().nodeId("sidecar-1").credential(TestAuth.token("sidecar-1"))
        .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(100)).build();
    link = sidecar.connect(uri);
  }

  @AfterEach
  void close() {
    if (sidecar != null) {
      sidecar.close();
    }
    if (console != null) {
      console.close();
    }
  }

  @Test
  void theLinksProxyKeepsWorkingAfterTheConnectionIsReplaced() {
    Greeter greeter = link.proxy(Greeter.class);
    Connection first = link.awaitConnection(Duration.ofSeconds(10));
    assertThat(greeter.hello("one")).isEqualTo("hello one from console");

    console.connection("sidecar-1").orElseThrow().close();
    await().until(() -> link.connects() >= 2 && link.connection().isPresent());

    assertThat(link.connection().orElseThrow()).isNotSameAs(first);
    assertThat(greeter.hello("two")).isEqualTo("hello two from console");
    assertThatThrownBy(() -> first.proxy(Greeter.class).hello("old")).isInstanceOf(NotConnectedException.class);
  }

  @Test
  void aCallWhileTheLinkIsDownIsNotSentAndSafeToRetry() {
    link.awaitConnection(Duration.ofSeconds(10));
    console.close();
    await().until(() -> link.connection().isEmpty());
    assertThatThrownBy(() -> link.proxy(Greeter.class).hello("nobody"))
        .isInstanceOf(NotConnectedException.class)
        .satisfies(e -> assertThat(((NotConnectedException) e).isSafeToRetry()).isTrue());
  }

  @Test
  void aPerCallTargetIsRefusedByProxiesThatHaveOneDestination() {
    Connection connection = link.awaitConnection(Duration.ofSeconds(10));
    CallOptions elsewhere = CallOptions.target(Target.node("other"));
    assertThatThrownBy(() -> elsewhere.call(() -> connection.proxy(Greeter.class).hello("x")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("CallOptions.target");
    assertThatThrownBy(() -> elsewhere.call(() -> link.proxy(Greeter.class).hello("x")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("CallOptions.target");
  }
}
