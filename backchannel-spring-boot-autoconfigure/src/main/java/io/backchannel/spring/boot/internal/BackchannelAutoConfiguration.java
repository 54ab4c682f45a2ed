package io.backchannel.spring.boot.internal;

import io.backchannel.core.Peer;
import io.backchannel.core.PeerBuilder;
import io.backchannel.core.auth.Authenticator;
import io.backchannel.core.auth.TokenAuthenticator;
import io.backchannel.core.auth.Tokens;
import io.backchannel.spring.boot.BackchannelProperties;
import io.backchannel.spring.boot.PeerBuilderCustomizer;
import io.backchannel.spring.boot.internal.clients.ClientFieldInjector;
import io.backchannel.spring.boot.internal.clients.ClientProxies;
import io.backchannel.spring.boot.internal.export.RemoteServiceExporter;
import io.backchannel.spring.boot.internal.lifecycle.PeerLifecycle;
import io.backchannel.spring.boot.internal.peer.PeerConfigurer;
import io.backchannel.spring.boot.internal.peer.TokensFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.HashSet;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * A Backchannel {@link Peer} bean configured from {@code backchannel.*}, run by a {@link
 * PeerLifecycle}: beans implementing {@code @RemoteService} interfaces exported, proxies injected
 * ({@code @BackchannelClient}, {@code @EnableBackchannelClients}), Boot's {@link MeterRegistry}
 * used when there is one. {@code backchannel.enabled=false} turns it all off.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnProperty(prefix = "backchannel", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(BackchannelProperties.class)
public class BackchannelAutoConfiguration {

  /** Signs and verifies tokens with the keys of {@code backchannel.auth.key-file} / {@code jwk-set-file}. */
  @Bean
  @ConditionalOnMissingBean
  @Conditional(OnTokenKeys.class)
  public Tokens backchannelTokens(BackchannelProperties properties) {
    return TokensFactory.tokens(properties.getAuth());
  }

  @Bean
  @ConditionalOnMissingBean(Authenticator.class)
  @Conditional(OnTokenKeys.class)
  public TokenAuthenticator backchannelAuthenticator(Tokens tokens) {
    return new TokenAuthenticator(tokens);
  }

  @Bean
  @ConditionalOnMissingBean(Authenticator.class)
  @ConditionalOnProperty(prefix = "backchannel.auth", name = "insecure", havingValue = "true")
  public Authenticator backchannelInsecureAuthenticator() {
    return Authenticator.insecureAllowAll();
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Peer backchannelPeer(BackchannelProperties properties, Environment environment,
      ObjectProvider<Authenticator> authenticator, ObjectProvider<MeterRegistry> meters,
      ObjectProvider<PeerBuilderCustomizer> customizers) {
    PeerBuilder builder = new PeerConfigurer(properties).configure(Peer.builder(),
        environment.getProperty("spring.application.name"), authenticator.getIfUnique(), meters.getIfUnique());
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  @Bean
  @ConditionalOnProperty(prefix = "backchannel.export", name = "enabled", matchIfMissing = true)
  public static RemoteServiceExporter backchannelExporter(ConfigurableListableBeanFactory beanFactory, Environment environment) {
    // Bound here, not injected: a post-processor that needs a bean makes that bean too early.
    List<String> excluded = Binder.get(environment)
        .bind("backchannel.export.excluded-beans", Bindable.listOf(String.class)).orElse(List.of());
    return new RemoteServiceExporter(beanFactory, new HashSet<>(excluded));
  }

  @Bean
  @ConditionalOnMissingBean
  public PeerLifecycle backchannelLifecycle(Peer peer, BackchannelProperties properties,
      ObjectProvider<RemoteServiceExporter> exporter) {
    return new PeerLifecycle(peer, properties, exporter.getIfAvailable());
  }

  @Bean
  @ConditionalOnMissingBean
  public ClientProxies backchannelClientProxies(Peer peer, PeerLifecycle lifecycle, BackchannelProperties properties) {
    return new ClientProxies(peer, lifecycle, properties);
  }

  @Bean
  public static ClientFieldInjector backchannelClientFieldInjector() {
    return new ClientFieldInjector();
  }

  /**
   * Boot's {@link ObservationRegistry}, when there is one, observes every call the peer makes or
   * serves ({@code docs/tracing.md}): with Boot's tracing auto-configuration, each call is a span.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ObservationRegistry.class)
  static class ObservationHook {
    @Bean
    PeerBuilderCustomizer backchannelObservationRegistryCustomizer(ObjectProvider<ObservationRegistry> registry) {
      return builder -> registry.ifUnique(builder::observations);
    }
  }
}
