package io.backchannel.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.core.node.Link;
import io.backchannel.spring.boot.internal.BackchannelAutoConfiguration;
import io.backchannel.spring.boot.internal.lifecycle.PeerLifecycle;
import io.backchannel.spring.boot.services.Echo;
import io.backchannel.spring.boot.services.EchoImpl;
import io.backchannel.spring.boot.services.Gate;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Remote services injected as proxies, with each kind of target, from configuration or the injection point. */
class ClientInjectionTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(BackchannelAutoConfiguration.class));

  @Test
  void scannedInterfacesBecomeBeansThatCallOverTheLink() {
    withConsole(uri -> runner.withUserConfiguration(ScanServices.class).withPropertyValues(dialing(uri)).run(context -> {
      assertThat(context).hasSingleBean(Echo.class).hasSingleBean(Gate.class);
      assertThat(context.getBean(Echo.class).echo("hi")).isEqualTo("console: hi");
    }));
  }

  @Test
  void listedInterfacesBecomeBeans() {
    withConsole(uri -> runner.withUserConfiguration(ListEcho.class).withPropertyValues(dialing(uri)).run(context -> {
      assertThat(context).hasSingleBean(Echo.class).doesNotHaveBean(Gate.class);
      assertThat(context.getBean(Echo.class).echo("hi")).isEqualTo("console: hi");
    }));
  }

  @Test
  void aClassThatIsNoRemoteServiceIsRefused() {
    runner.withUserConfiguration(ListNonService.class).run(context ->
        assertThat(context).hasFailed().getFailure().hasMessageContaining("is not a @RemoteService interface"));
  }

  @Test
  void theConfiguredTargetOfAServiceApplies() {
    withConsole(uri -> runner.withUserConfiguration(ListEcho.class)
        .withPropertyValues(dialing(uri, "backchannel.clients.Echo.strategy=node", "backchannel.clients.Echo.node-id=console"))
        .run(context -> assertThat(context.getBean(Echo.class).echo("hi")).isEqualTo("console: hi")));
  }

  @Test
  void aNodeTargetWithoutANodeIdFailsWithTheKeyToSet() {
    runner.withUserConfiguration(ListEcho.class).withPropertyValues("backchannel.clients.Echo.strategy=node")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("backchannel.clients.Echo.node-id"));
  }

  @Test
  void injectionPointsChooseNodeLeastLoadedStickyRoundRobinAndDefault() {
    String uri = TestPeers.localUri();
    runner.withUserConfiguration(Targets.class)
        .withPropertyValues("backchannel.node-id=console", "backchannel.auth.insecure=true", "backchannel.listen=" + uri)
        .run(context -> {
          try (Peer s1 = sidecar("s1", "a"); Peer s2 = sidecar("s2", "b")) {
            Link l1 = s1.connect(uri);
            Link l2 = s2.connect(uri);
            l1.awaitConnection(Duration.ofSeconds(10));
            l2.awaitConnection(Duration.ofSeconds(10));
            Peer console = context.getBean(Peer.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> console.registry().nodes().size() == 2);
            Targets targets = context.getBean(Targets.class);
            assertThat(targets.node.echo("x")).isEqualTo("s2: x");
            assertThat(targets.zoneB.echo("x")).isEqualTo("s2: x");
            String first = targets.sticky.echo("x");
            assertThat(IntStream.range(0, 5).mapToObj(i -> targets.sticky.echo("x"))).containsOnly(first);
            Set<String> answered = new HashSet<>();
            IntStream.range(0, 4).forEach(i -> answered.add(targets.roundRobin.echo("x")));
            assertThat(answered).containsExactlyInAnyOrder("s1: x", "s2: x");
            assertThat(targets.byDefault.echo("x")).isIn("s1: x", "s2: x");
          }
        });
  }

  @Test
  void theLinkProxyFollowsReconnects() {
    Peer console = TestPeers.console("console");
    try (console) {
      String uri = console.listen("tcp://127.0.0.1:0").uri().toString();
      runner.withUserConfiguration(UsesLink.class).withPropertyValues(dialing(uri, "backchannel.node-id=app",
          "backchannel.connect.reconnect.min=20ms", "backchannel.connect.reconnect.max=100ms")).run(context -> {
            Echo echo = context.getBean(UsesLink.class).echo;
            assertThat(echo.echo("before")).isEqualTo("console: before");
            console.connection("app").orElseThrow().close();
            Link link = context.getBean(PeerLifecycle.class).link();
            await().atMost(Duration.ofSeconds(10)).until(() -> link.connects() == 2 && link.connection().isPresent());
            assertThat(echo.echo("after")).isEqualTo("console: after");
          });
    }
  }

  private static Peer sidecar(String nodeId, String zone) {
    return Peer.builder().nodeId(nodeId).tag("zone", zone).export(Echo.class, new EchoImpl(nodeId)).build();
  }

  private static String[] dialing(String uri, String... more) {
    String[] properties = new String[more.length + 2];
    properties[0] = "backchannel.connect.uri=" + uri;
    properties[1] = "backchannel.connect.await-on-start=10s";
    System.arraycopy(more, 0, properties, 2, more.length);
    return properties;
  }

  private static void withConsole(java.util.function.Consumer<String> test) {
    String uri = TestPeers.localUri();
    try (Peer console = TestPeers.console("console")) {
      console.export(Gate.class, text -> text);
      console.listen(uri);
      test.accept(uri);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableBackchannelClients(basePackageClasses = Echo.class)
  static class ScanServices {}

  @Configuration(proxyBeanMethods = false)
  @EnableBackchannelClients(clients = Echo.class)
  static class ListEcho {}

  @Configuration(proxyBeanMethods = false)
  @EnableBackchannelClients(clients = EchoImpl.class)
  static class ListNonService {}

  @Configuration(proxyBeanMethods = false)
  static class UsesLink {
    @BackchannelClient(strategy = TargetStrategy.LINK) Echo echo;
  }

  @Configuration(proxyBeanMethods = false)
  static class Targets {
    @BackchannelClient(strategy = TargetStrategy.NODE, nodeId = "s2") Echo node;
    @BackchannelClient(strategy = TargetStrategy.LEAST_LOADED, tags = "zone=b") Echo zoneB;
    @BackchannelClient(strategy = TargetStrategy.STICKY, key = "customer-42") Echo sticky;
    @BackchannelClient(strategy = TargetStrategy.ROUND_ROBIN) Echo roundRobin;
    @BackchannelClient Echo byDefault;
  }

}
