package io.backchannel.spring.boot.internal.actuate;

import io.backchannel.core.Peer;
import io.backchannel.spring.boot.internal.BackchannelAutoConfiguration;
import io.backchannel.spring.boot.internal.lifecycle.PeerLifecycle;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code backchannel} health indicator and the {@code backchannel} endpoint, each only when
 * actuator's classes for it are on the class path and the peer runs.
 */
@AutoConfiguration(after = BackchannelAutoConfiguration.class)
@ConditionalOnBean(PeerLifecycle.class)
public class BackchannelActuatorAutoConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnEnabledHealthIndicator("backchannel")
  static class Health {
    @Bean
    @ConditionalOnMissingBean(name = "backchannelHealthIndicator")
    BackchannelHealthIndicator backchannelHealthIndicator(PeerLifecycle lifecycle) {
      return new BackchannelHealthIndicator(lifecycle);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Endpoint.class)
  static class Nodes {
    @Bean
    @ConditionalOnMissingBean
    BackchannelEndpoint backchannelEndpoint(Peer peer) {
      return new BackchannelEndpoint(peer);
    }
  }
}
