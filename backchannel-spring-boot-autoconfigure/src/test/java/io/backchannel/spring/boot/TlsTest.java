package io.backchannel.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.backchannel.spring.boot.internal.BackchannelAutoConfiguration;
import io.backchannel.spring.boot.internal.lifecycle.PeerLifecycle;
import io.backchannel.spring.boot.services.Echo;
import io.backchannel.spring.boot.services.EchoImpl;
import io.backchannel.testing.TestCertificates;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code backchannel.tls.*} reaches the TLS URIs: a console and a sidecar context over mutual TLS on a real socket. */
class TlsTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(BackchannelAutoConfiguration.class));

  @TempDir Path dir;

  @Test
  void aConsoleAndASidecarOverMutualTls() {
    TestCertificates certificates = TestCertificates.create(dir);
    runner.withUserConfiguration(ExportsEcho.class).withPropertyValues("backchannel.node-id=console",
        "backchannel.auth.insecure=true", "backchannel.listen=tcp+tls://127.0.0.1:0",
        "backchannel.tls.cert=" + certificates.server().cert(), "backchannel.tls.key=" + certificates.server().key(),
        "backchannel.tls.ca=" + certificates.ca(), "backchannel.tls.client-auth=require").run(console -> {
          String uri = console.getBean(PeerLifecycle.class).servers().getFirst().uri().toString();
          assertThat(uri).startsWith("tcp+tls://127.0.0.1:").contains("ca=").doesNotContain("key=");
          String plain = uri.substring(0, uri.indexOf('?'));
          runner.withUserConfiguration(UsesEcho.class).withPropertyValues("backchannel.node-id=sidecar-1",
              "backchannel.connect.uri=" + plain.replace("127.0.0.1", "localhost"), "backchannel.connect.await-on-start=10s",
              "backchannel.tls.cert=" + certificates.client().cert(), "backchannel.tls.key=" + certificates.client().key(),
              "backchannel.tls.ca=" + certificates.ca()).run(sidecar ->
                  assertThat(sidecar.getBean(UsesEcho.class).echo.echo("over tls")).isEqualTo("console: over tls"));
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class ExportsEcho {
    @Bean
    Echo echo() {
      return new EchoImpl("console");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UsesEcho {
    @BackchannelClient Echo echo;
  }
}
