package io.backchannel.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.core.node.Link;
import io.backchannel.spring.boot.internal.BackchannelAutoConfiguration;
import io.backchannel.spring.boot.internal.actuate.BackchannelActuatorAutoConfiguration;
import io.backchannel.spring.boot.internal.actuate.BackchannelEndpoint;
import io.backchannel.spring.boot.internal.actuate.BackchannelHealthIndicator;
import io.backchannel.spring.boot.internal.lifecycle.PeerLifecycle;
import io.backchannel.spring.boot.services.Echo;
import io.backchannel.spring.boot.services.EchoImpl;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code backchannel} health indicator and endpoint report what the peer has. */
class HealthAndEndpointTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(BackchannelAutoConfiguration.class, BackchannelActuatorAutoConfiguration.class))
      .withPropertyValues("backchannel.connect.reconnect.min=20ms", "backchannel.connect.reconnect.max=100ms");

  @Test
  void downWhileTheRequiredLinkIsDownAndUpOnceConnected() {
    String uri = TestPeers.localUri();
    runner.withPropertyValues("backchannel.node-id=app", "backchannel.connect.uri=" + uri).run(context -> {
      BackchannelHealthIndicator health = context.getBean(BackchannelHealthIndicator.class);
      assertThat(health(health).getStatus()).isEqualTo(Status.DOWN);
      assertThat(link(health(health))).containsEntry("connected", false).containsEntry("required", true);
      try (Peer console = TestPeers.console("console")) {
        console.listen(uri);
        await().atMost(WAIT).until(() -> health(health).getStatus().equals(Status.UP));
        assertThat(link(health(health))).containsEntry("connected", true).containsEntry("remote", "console");
      }
      await().atMost(WAIT).until(() -> health(health).getStatus().equals(Status.DOWN));
    });
  }

  @Test
  void upWhileALinkThatIsNotRequiredIsDown() {
    runner.withPropertyValues("backchannel.connect.uri=" + TestPeers.localUri(), "backchannel.connect.required=false")
        .run(context -> assertThat(health(context.getBean(BackchannelHealthIndicator.class)).getStatus()).isEqualTo(Status.UP));
  }

  @Test
  void listenersAndSessionsInTheDetailsAndTheEndpointListsConnectedNodes() {
    String uri = TestPeers.localUri();
    runner.withPropertyValues("backchannel.node-id=console", "backchannel.auth.insecure=true", "backchannel.listen=" + uri)
        .run(context -> {
          BackchannelHealthIndicator health = context.getBean(BackchannelHealthIndicator.class);
          assertThat(health(health).getStatus()).isEqualTo(Status.UP);
          assertThat(health(health).getDetails()).containsEntry("listeners", List.of(uri)).containsEntry("sessions", 0);
          try (Peer sidecar = Peer.builder().nodeId("s1").tag("zone", "eu").export(Echo.class, new EchoImpl("s1")).build()) {
            Link link = sidecar.connect(uri);
            link.awaitConnection(WAIT);
            await().atMost(WAIT).until(() -> health(health).getDetails().get("sessions").equals(1));
            BackchannelEndpoint.Nodes nodes = context.getBean(BackchannelEndpoint.class).nodes();
            assertThat(nodes.self().nodeId()).isEqualTo("console");
            assertThat(nodes.connected()).singleElement().satisfies(node -> {
              assertThat(node.nodeId()).isEqualTo("s1");
              assertThat(node.services()).containsExactly("Echo");
              assertThat(node.tags()).containsEntry("zone", "eu");
              assertThat(node.draining()).isFalse();
            });
          }
        });
  }

  @Test
  void downOnceStopped() {
    runner.run(context -> {
      context.getBean(PeerLifecycle.class).stop();
      assertThat(health(context.getBean(BackchannelHealthIndicator.class)).getStatus()).isEqualTo(Status.DOWN);
    });
  }

  private static Health health(BackchannelHealthIndicator indicator) {
    return indicator.health(true);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> link(Health health) {
    return (Map<String, Object>) health.getDetails().get("link");
  }
}
