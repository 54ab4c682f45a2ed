package io.backchannel.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.core.node.Link;
import io.backchannel.spring.boot.internal.BackchannelAutoConfiguration;
import io.backchannel.spring.boot.internal.lifecycle.PeerLifecycle;
import io.backchannel.spring.boot.services.Echo;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code backchannel.connect.uris}: the consoles of a cluster, one link that moves between them. */
class ConnectUrisTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(BackchannelAutoConfiguration.class))
      .withPropertyValues("backchannel.node-id=app", "backchannel.connect.await-on-start=10s",
          "backchannel.connect.reconnect.min=20ms", "backchannel.connect.reconnect.max=100ms");

  @Test
  void aCommaListKeepsALinkToOneConsoleAndMovesToTheOtherWhenItCloses() {
    String uriA = TestPeers.localUri();
    String uriB = TestPeers.localUri();
    try (Peer consoleA = TestPeers.console("console-a");
        Peer consoleB = TestPeers.console("console-b")) {
      consoleA.listen(uriA);
      consoleB.listen(uriB);
      Map<String, Peer> consoles = Map.of("console-a", consoleA, "console-b", consoleB);
      runner.withPropertyValues("backchannel.connect.uris=" + uriA + "," + uriB).run(context -> {
        assertThat(context).hasNotFailed();
        Link link = Objects.requireNonNull(context.getBean(PeerLifecycle.class).link());
        Echo echo = link.proxy(Echo.class);
        String first = link.awaitConnection(WAIT).remote().nodeId();
        assertThat(echo.echo("hi")).contains(first);

        consoles.get(first).close();

        String second = first.equals("console-a") ? "console-b" : "console-a";
        await().atMost(WAIT).until(() -> link.connection().map(c -> c.remote().nodeId()).orElse("").equals(second));
        assertThat(echo.echo("again")).contains(second);
      });
    }
  }

  @Test
  void theIndexedFormBindsToo() {
    String uri = TestPeers.localUri();
    try (Peer console = TestPeers.console("console")) {
      console.listen(uri);
      runner.withPropertyValues("backchannel.connect.uris[0]=" + uri).run(context -> {
        assertThat(context).hasNotFailed();
        assertThat(context.getBean(PeerLifecycle.class).link().awaitConnection(WAIT).remote().nodeId()).isEqualTo("console");
      });
    }
  }

  @Test
  void uriAndUrisTogetherFailStartupNamingBoth() {
    runner.withPropertyValues("backchannel.connect.uri=" + TestPeers.localUri(), "backchannel.connect.uris=" + TestPeers.localUri())
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("backchannel.connect.uri and backchannel.connect.uris are both set"));
  }
}
