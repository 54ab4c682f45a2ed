package io.backchannel.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.backchannel.core.Peer;
import io.backchannel.core.auth.Authenticator;
import io.backchannel.core.auth.TokenAuthenticator;
import io.backchannel.core.auth.TokenKeys;
import io.backchannel.core.auth.Tokens;
import io.backchannel.spring.boot.internal.BackchannelAutoConfiguration;
import io.backchannel.spring.boot.internal.actuate.BackchannelActuatorAutoConfiguration;
import io.backchannel.spring.boot.internal.actuate.BackchannelEndpoint;
import io.backchannel.spring.boot.internal.actuate.BackchannelHealthIndicator;
import io.backchannel.spring.boot.internal.clients.ClientFieldInjector;
import io.backchannel.spring.boot.internal.clients.ClientProxies;
import io.backchannel.spring.boot.internal.export.RemoteServiceExporter;
import io.backchannel.spring.boot.internal.lifecycle.PeerLifecycle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Each condition of the auto-configuration, both ways. */
class BackchannelAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(BackchannelAutoConfiguration.class, BackchannelActuatorAutoConfiguration.class));

  @TempDir Path dir;

  @Test
  void aPeerAndItsCollaboratorsByDefault() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(Peer.class).hasSingleBean(PeerLifecycle.class)
          .hasSingleBean(RemoteServiceExporter.class).hasSingleBean(ClientProxies.class)
          .hasSingleBean(ClientFieldInjector.class).hasSingleBean(BackchannelProperties.class)
          .doesNotHaveBean(Authenticator.class).doesNotHaveBean(Tokens.class);
      assertThat(context.getBean(PeerLifecycle.class).isRunning()).isTrue();
    });
  }

  @Test
  void nothingWhenDisabled() {
    runner.withPropertyValues("backchannel.enabled=false").run(context -> assertThat(context)
        .doesNotHaveBean(Peer.class).doesNotHaveBean(PeerLifecycle.class).doesNotHaveBean(BackchannelHealthIndicator.class)
        .doesNotHaveBean(BackchannelEndpoint.class));
  }

  @Test
  void theApplicationsOwnPeerWins() {
    runner.withUserConfiguration(OwnPeer.class).run(context -> {
      assertThat(context).hasSingleBean(Peer.class);
      assertThat(context.getBean(Peer.class).node().nodeId()).isEqualTo("own");
    });
  }

  @Test
  void theNodeIdDefaultsToTheApplicationName() {
    runner.withPropertyValues("spring.application.name=billing").run(context ->
        assertThat(context.getBean(Peer.class).node().nodeId()).isEqualTo("billing"));
    runner.withPropertyValues("spring.application.name=billing", "backchannel.node-id=billing-2").run(context ->
        assertThat(context.getBean(Peer.class).node().nodeId()).isEqualTo("billing-2"));
    runner.run(context -> assertThat(context.getBean(Peer.class).node().nodeId()).startsWith("node-"));
  }

  @Test
  void aKeyFileGivesTokensAndATokenAuthenticator() throws IOException {
    Path keys = Files.writeString(dir.resolve("keys"), "# test\nk1 " + TokenKeys.generateSecret() + "\n");
    runner.withPropertyValues("backchannel.auth.key-file=" + keys).run(context -> {
      assertThat(context).hasSingleBean(Tokens.class).hasSingleBean(TokenAuthenticator.class);
      Tokens tokens = context.getBean(Tokens.class);
      assertThat(tokens.verify(tokens.issue("default", "s1", "node", java.time.Duration.ofMinutes(1))).nodeId()).isEqualTo("s1");
    });
  }

  @Test
  void aJwkSetFileGivesATokenAuthenticator() throws IOException {
    TokenKeys.GeneratedKeyPair pair = TokenKeys.generateKeyPair("k1", io.backchannel.core.auth.TokenAlgorithm.ES256);
    Path jwks = Files.writeString(dir.resolve("jwks.json"), pair.publicJwkSet());
    runner.withPropertyValues("backchannel.auth.jwk-set-file=" + jwks, "backchannel.listen=local:jwk-test")
        .run(context -> {
          assertThat(context).hasSingleBean(TokenAuthenticator.class);
          assertThat(context.getBean(PeerLifecycle.class).servers()).hasSize(1);
        });
  }

  @Test
  void insecureGivesTheAllowAllAuthenticator() {
    runner.withPropertyValues("backchannel.auth.insecure=true").run(context ->
        assertThat(context.getBean(Authenticator.class).isInsecure()).isTrue());
  }

  @Test
  void insecureAndKeysTogetherFailAtStartup() throws IOException {
    Path keys = Files.writeString(dir.resolve("keys"), "k1 " + TokenKeys.generateSecret() + "\n");
    runner.withPropertyValues("backchannel.auth.insecure=true", "backchannel.auth.key-file=" + keys).run(context ->
        assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("contradict"));
  }

  @Test
  void theApplicationsOwnAuthenticatorWins() {
    runner.withUserConfiguration(OwnAuthenticator.class).withPropertyValues("backchannel.auth.insecure=true")
        .run(context -> assertThat(context.getBean(Authenticator.class)).isSameAs(OwnAuthenticator.AUTHENTICATOR));
  }

  @Test
  void listeningWithoutAnAuthenticatorFailsWithTheFix() {
    runner.withPropertyValues("backchannel.listen=local:no-auth").run(context ->
        assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("cannot listen without an authenticator"));
  }

  @Test
  void noExporterWhenExportIsOff() {
    runner.withPropertyValues("backchannel.export.enabled=false").run(context ->
        assertThat(context).doesNotHaveBean(RemoteServiceExporter.class).hasSingleBean(PeerLifecycle.class));
  }

  @Test
  void healthAndEndpointWithActuator() {
    runner.run(context -> assertThat(context)
        .hasSingleBean(BackchannelHealthIndicator.class).hasBean("backchannelHealthIndicator")
        .hasSingleBean(BackchannelEndpoint.class));
  }

  @Test
  void noHealthIndicatorWithoutBootHealth() {
    runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(context -> assertThat(context)
        .hasSingleBean(Peer.class).doesNotHaveBean(BackchannelHealthIndicator.class).hasSingleBean(BackchannelEndpoint.class));
  }

  @Test
  void noEndpointWithoutActuator() {
    runner.withClassLoader(new FilteredClassLoader(Endpoint.class)).run(context -> assertThat(context)
        .hasSingleBean(Peer.class).hasSingleBean(BackchannelHealthIndicator.class).doesNotHaveBean(BackchannelEndpoint.class));
  }

  @Test
  void noHealthIndicatorWhenDisabledByManagementProperty() {
    runner.withPropertyValues("management.health.backchannel.enabled=false").run(context -> assertThat(context)
        .doesNotHaveBean(BackchannelHealthIndicator.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnPeer {
    @Bean(destroyMethod = "close")
    Peer ownPeer() {
      return Peer.builder().nodeId("own").build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnAuthenticator {
    static final Authenticator AUTHENTICATOR = request -> {
      throw new io.backchannel.core.auth.AuthenticationException("never");
    };

    @Bean
    Authenticator ownAuthenticator() {
      return AUTHENTICATOR;
    }
  }
}
