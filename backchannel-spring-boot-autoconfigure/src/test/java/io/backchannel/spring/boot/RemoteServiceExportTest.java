package io.backchannel.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.core.node.Target;
import io.backchannel.spring.boot.internal.BackchannelAutoConfiguration;
import io.backchannel.spring.boot.services.Echo;
import io.backchannel.spring.boot.services.EchoImpl;
import io.backchannel.spring.boot.services.Gate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans implementing a {@code @RemoteService} interface are exported unless opted out. */
class RemoteServiceExportTest {
  private final String uri = TestPeers.localUri();
  private Peer console;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(BackchannelAutoConfiguration.class))
      .withPropertyValues("backchannel.node-id=app", "backchannel.connect.uri=" + uri,
          "backchannel.connect.await-on-start=10s");

  @BeforeEach
  void listen() {
    console = TestPeers.console("console");
    console.listen(uri);
  }

  @AfterEach
  void close() {
    console.close();
  }

  @Test
  void aBeanImplementingARemoteServiceIsExported() {
    runner.withUserConfiguration(Exports.class).run(context -> {
      assertThat(services()).contains("Echo");
      assertThat(console.proxy(Echo.class, Target.node("app")).echo("hi")).isEqualTo("bean: hi");
    });
  }

  @Test
  void notExportedOnTheClassOrTheBeanMethodOrByNameKeepsItLocal() {
    runner.withUserConfiguration(OptedOut.class).withPropertyValues("backchannel.export.excluded-beans=byName")
        .run(context -> {
          assertThat(context.getBeansOfType(Echo.class)).hasSize(2);
          assertThat(context.getBeansOfType(Gate.class)).hasSize(1);
          assertThat(services()).isEmpty();
        });
  }

  @Test
  void nothingIsExportedWhenExportIsOff() {
    runner.withUserConfiguration(Exports.class).withPropertyValues("backchannel.export.enabled=false").run(context -> {
      assertThat(services()).isEmpty();
      assertThatThrownBy(() -> console.proxy(Echo.class, Target.node("app")).echo("hi"))
          .isInstanceOf(io.backchannel.BackchannelException.class);
    });
  }

  @Test
  void injectedProxiesAreNotExportedBack() {
    runner.withUserConfiguration(UsesClient.class).run(context -> {
      assertThat(context.getBean(UsesClient.class).echo.echo("x")).isEqualTo("console: x");
      assertThat(services()).isEmpty();
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class Exports {
    @Bean
    Echo echo() {
      return new EchoImpl("bean");
    }
  }

  @NotExported
  static class LocalEcho extends EchoImpl {
    LocalEcho() {
      super("local");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OptedOut {
    @Bean
    Echo onTheClass() {
      return new LocalEcho();
    }

    @Bean
    @NotExported
    Gate onTheMethod() {
      return text -> text;
    }

    @Bean
    Echo byName() {
      return new EchoImpl("by-name");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UsesClient {
    @BackchannelClient Echo echo;
  }

  /** The services the app node announced, once the console has admitted it. */
  private List<String> services() {
    await().atMost(Duration.ofSeconds(10)).until(() -> !console.registry().nodes().isEmpty());
    return console.registry().nodes().getFirst().services();
  }
}
