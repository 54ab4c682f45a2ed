package io.backchannel.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.backchannel.core.PeerBuilder;
import io.backchannel.core.PeerSettingsProbe;
import io.backchannel.core.internal.config.PeerSettings;
import io.backchannel.spring.boot.internal.BackchannelAutoConfiguration;
import io.backchannel.core.internal.config.ObservationSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Each {@code backchannel.*} key reaches the {@code PeerBuilder} option it names. */
class BackchannelPropertiesTest {
  private static final AtomicReference<PeerBuilder> BUILT = new AtomicReference<>();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(BackchannelAutoConfiguration.class))
      .withUserConfiguration(Capture.class);

  @TempDir Path dir;

  @Test
  void identityAndLabels() {
    settings(s -> {
      assertThat(s.nodeId()).isEqualTo("sidecar-7");
      assertThat(s.tenant()).isEqualTo("acme");
      assertThat(s.role()).isEqualTo("agent");
      assertThat(s.hubs()).containsExactlyInAnyOrder("console", "console-2");
      assertThat(s.tags()).containsExactlyInAnyOrderEntriesOf(Map.of("zone", "eu", "tier", "gold"));
      assertThat(s.crossTenantRoles()).containsExactlyInAnyOrder("ops", "audit");
    }, "backchannel.node-id=sidecar-7", "backchannel.tenant=acme", "backchannel.role=agent", "backchannel.hub=console,console-2",
        "backchannel.tags.zone=eu", "backchannel.tags.tier=gold", "backchannel.cross-tenant-roles=ops,audit");
  }

  @Test
  void defaultsAreCoresWhenNothingIsSet() {
    PeerSettings core = PeerSettingsProbe.settings(io.backchannel.core.Peer.builder().nodeId("same"));
    settings(s -> {
      assertThat(s.defaultDeadline()).isEqualTo(core.defaultDeadline());
      assertThat(s.limits()).isEqualTo(core.limits());
      assertThat(s.listenerLimits().maxConnections()).isEqualTo(core.listenerLimits().maxConnections());
      assertThat(s.reconnectMin()).isEqualTo(core.reconnectMin());
      assertThat(s.keepAliveTimeout()).isEqualTo(core.keepAliveTimeout());
      assertThat(s.credential()).isNull();
      assertThat(s.resumeSession()).isNull();
    }, "backchannel.node-id=same");
  }

  @Test
  void theTokenAndTheTokenFileReadAtEachDial() throws IOException {
    settings(s -> assertThat(s.credential().get()).isEqualTo("t0ken"), "backchannel.token=t0ken");
    Path file = Files.writeString(dir.resolve("token"), "first\n");
    settings(s -> {
      assertThat(s.credential().get()).isEqualTo("first");
      try {
        Files.writeString(file, "rotated\n");
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      assertThat(s.credential().get()).isEqualTo("rotated");
    }, "backchannel.token-file=" + file);
  }

  @Test
  void tokenAndTokenFileTogetherFail() {
    runner.withPropertyValues("backchannel.token=a", "backchannel.token-file=/tmp/b").run(context ->
        assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("not both"));
  }

  @Test
  void connectionSettings() {
    settings(s -> {
      assertThat(s.reconnectMin()).isEqualTo(Duration.ofMillis(50));
      assertThat(s.reconnectMax()).isEqualTo(Duration.ofSeconds(5));
      assertThat(s.keepAliveInterval()).isEqualTo(Duration.ofSeconds(3));
      assertThat(s.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(9));
      assertThat(s.resumeSession()).isEqualTo(Duration.ofMinutes(2));
      assertThat(s.loadReportInterval()).isEqualTo(Duration.ofMillis(500));
      assertThat(s.trust().credentialRecheck()).isEqualTo(Duration.ofSeconds(30));
      assertThat(s.dialCodec().mimeType()).isEqualTo("application/json");
    }, "backchannel.connect.reconnect.min=50ms", "backchannel.connect.reconnect.max=5s",
        "backchannel.keep-alive.interval=3s", "backchannel.keep-alive.timeout=9s", "backchannel.resume=2m",
        "backchannel.load-report-interval=500ms", "backchannel.auth.credential-recheck=30s", "backchannel.codec=json");
  }

  @Test
  void oneReconnectBoundKeepsTheOtherAtItsDefault() {
    settings(s -> {
      assertThat(s.reconnectMin()).isEqualTo(Duration.ofMillis(200));
      assertThat(s.reconnectMax()).isEqualTo(Duration.ofSeconds(2));
    }, "backchannel.connect.reconnect.max=2s");
  }

  @Test
  void halfAKeepAliveFails() {
    runner.withPropertyValues("backchannel.keep-alive.interval=3s").run(context ->
        assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("keep-alive.timeout"));
  }

  @Test
  void deadlines() {
    settings(s -> {
      assertThat(s.defaultDeadline()).isEqualTo(Duration.ofSeconds(5));
      assertThat(s.limits().maxDeadline()).isEqualTo(Duration.ofMinutes(1));
      assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(4));
      assertThat(s.listenerLimits().setupTimeout()).isEqualTo(Duration.ofSeconds(3));
      assertThat(s.slowCallThreshold()).isEqualTo(Duration.ofMillis(250));
    }, "backchannel.deadlines.call=5s", "backchannel.deadlines.max=1m", "backchannel.deadlines.connect-timeout=4s",
        "backchannel.deadlines.setup-timeout=3s", "backchannel.deadlines.slow-call-threshold=250ms");
  }

  @Test
  void limits() {
    settings(s -> {
      assertThat(s.maxConcurrentCalls()).isEqualTo(800);
      assertThat(s.limits().callsPerTenant()).isEqualTo(300);
      assertThat(s.limits().callsPerConnection()).isEqualTo(100);
      assertThat(s.limits().streamsPerConnection()).isEqualTo(50);
      assertThat(s.maxPayloadSize()).isEqualTo(2 * 1024 * 1024);
      assertThat(s.limits().relayBufferBytes()).isEqualTo(4L * 1024 * 1024);
      assertThat(s.listenerLimits().maxConnections()).isEqualTo(2000);
      assertThat(s.listenerLimits().maxConnectionsPerAddress()).isEqualTo(1000);
      assertThat(s.listenerLimits().maxSetupFrameSize()).isEqualTo(16 * 1024);
    }, "backchannel.limits.max-concurrent-calls=800", "backchannel.limits.max-concurrent-calls-per-tenant=300",
        "backchannel.limits.max-concurrent-calls-per-connection=100", "backchannel.limits.max-streams-per-connection=50",
        "backchannel.limits.max-payload-size=2MB", "backchannel.limits.max-relay-buffer=4MB",
        "backchannel.limits.max-connections=2000", "backchannel.limits.max-connections-per-address=1000",
        "backchannel.limits.max-setup-frame-size=16KB");
  }

  @Test
  void bootsMeterRegistryIsUsed() {
    runner.withUserConfiguration(Meters.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(PeerSettingsProbe.settings(BUILT.get()).meterRegistry()).isSameAs(context.getBean(MeterRegistry.class));
      assertThat(context.getBean(MeterRegistry.class).getMeters()).isNotEmpty();
    });
  }

  @Test
  void bootsObservationRegistryObservesTheCalls() {
    runner.withUserConfiguration(Observations.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(PeerSettingsProbe.settings(BUILT.get()).observations()).isNotNull()
          .extracting(ObservationSettings::registry).isSameAs(context.getBean(ObservationRegistry.class));
    });
  }

  @Test
  void noObservationsWithoutARegistry() {
    settings(s -> assertThat(s.observations()).isNull());
  }

  @Test
  void noMeterRegistryWithoutOne() {
    settings(s -> assertThat(s.meterRegistry()).isNull());
  }

  @Test
  void customizersRunAfterTheProperties() {
    runner.withUserConfiguration(TenantOverride.class).withPropertyValues("backchannel.tenant=acme").run(context ->
        assertThat(PeerSettingsProbe.settings(BUILT.get()).tenant()).isEqualTo("from-customizer"));
  }

  @Test
  void theConfigurationMetadataListsTheKeys() throws IOException {
    String metadata = new String(getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    for (String key : Set.of("backchannel.node-id", "backchannel.listen", "backchannel.connect.uri", "backchannel.connect.uris", "backchannel.token-file",
        "backchannel.auth.key-file", "backchannel.auth.jwk-set-file", "backchannel.tls.cert", "backchannel.deadlines.call",
        "backchannel.limits.max-concurrent-calls", "backchannel.clients", "backchannel.shutdown.grace")) {
      assertThat(metadata).contains("\"name\": \"" + key + "\"");
    }
  }

  private void settings(Consumer<PeerSettings> check, String... properties) {
    runner.withPropertyValues(properties).run(context -> {
      assertThat(context).hasNotFailed();
      check.accept(PeerSettingsProbe.settings(BUILT.get()));
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class Capture {
    @Bean
    PeerBuilderCustomizer capture() {
      return BUILT::set;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TenantOverride {
    @Bean
    PeerBuilderCustomizer tenant() {
      return builder -> builder.tenant("from-customizer");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Observations {
    @Bean
    ObservationRegistry observationRegistry() {
      return ObservationRegistry.create();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Meters {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }
}
