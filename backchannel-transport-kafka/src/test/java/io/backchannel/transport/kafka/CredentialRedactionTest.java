package io.backchannel.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import io.backchannel.core.Peer;
import io.backchannel.core.Server;
import io.backchannel.testing.Closer;
import io.backchannel.testing.TestAuth;
import java.net.URI;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Credentials in {@code kafka.*} URI parameters never reach logs, exception messages or thread names. */
class CredentialRedactionTest {
  private static final String JAAS_SECRET = "jaas-pw-7d41c";
  private static final String KEY_SECRET = "key-pw-90aa2";
  private static final String SECRETS = "kafka.sasl.jaas.config="
      + "org.apache.kafka.common.security.plain.PlainLoginModule%20required%20username%3D%22sidecar%22%20password%3D%22"
      + JAAS_SECRET + "%22%3B&kafka.ssl.key.password=" + KEY_SECRET;

  private final Closer closer = new Closer();
  private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
  private final AppenderBase<ILoggingEvent> logs = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent event) {
      events.add(event);
    }
  };
  private Logger backchannel;
  private Level level;

  @BeforeEach
  void captureLogs() {
    backchannel = (Logger) LoggerFactory.getLogger("io.backchannel");
    level = backchannel.getLevel();
    backchannel.setLevel(Level.DEBUG);
    logs.start();
    backchannel.addAppender(logs);
  }

  @AfterEach
  void restore() {
    closer.close();
    backchannel.detachAppender(logs);
    backchannel.setLevel(level);
  }

  @Test
  void parsedUriAndItsErrorsHideSecrets() {
    URI uri = TestBroker.shared().uri("redact", SECRETS);
    assertThat(KafkaUri.parse(uri).toString()).doesNotContain(JAAS_SECRET).doesNotContain(KEY_SECRET).contains("***");
    assertThat(KafkaUri.redact(uri)).doesNotContain(JAAS_SECRET).doesNotContain(KEY_SECRET);
    assertThatThrownBy(() -> KafkaUri.parse(TestBroker.shared().uri("redact", SECRETS + "&typo=1")))
        .hasMessageContaining("typo")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(JAAS_SECRET).doesNotContain(KEY_SECRET));
  }

  @Test
  void aPeerListeningAndDialingWithCredentialsLogsNone() {
    String topic = TestBroker.freshTopic("redact");
    Peer console = closer.register(Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
        .connectTimeout(Duration.ofSeconds(30)).build());
    Peer sidecar = closer.register(Peer.builder().nodeId("sidecar-1").credential(TestAuth.token("sidecar-1"))
        .connectTimeout(Duration.ofSeconds(30)).build());
    Server listener = console.listen(TestBroker.shared().uri(topic, SECRETS).toString());
    sidecar.dial(TestBroker.shared().uri(topic, SECRETS).toString());
    // A dial that fails, and a link that keeps redialing, report the URI too.
    String nobody = TestBroker.shared().uri(TestBroker.freshTopic("nobody"), "connectTimeout=1s&" + SECRETS).toString();
    assertThatThrownBy(() -> sidecar.dial(nobody))
        .satisfies(e -> assertThat(e.getMessage()).contains("nobody").doesNotContain(JAAS_SECRET).doesNotContain(KEY_SECRET));
    closer.register(sidecar.connect(nobody));
    await().atMost(Duration.ofSeconds(30)).until(() -> events.stream()
        .anyMatch(e -> e.getFormattedMessage().contains("dialing") && e.getFormattedMessage().contains("nobody")));

    String logged = events.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n"));
    assertThat(logged).contains(topic).doesNotContain(JAAS_SECRET).doesNotContain(KEY_SECRET);
    assertThat(listener.uri().toString()).contains(topic).doesNotContain(JAAS_SECRET).doesNotContain(KEY_SECRET);
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().contains(JAAS_SECRET));
  }

  @Test
  void theListenersUriForDialersLeavesItsBrokerCredentialsBehind() {
    URI listen = TestBroker.shared().uri("redact", "kafka.security.protocol=SASL_SSL&" + SECRETS + "&maxFrameSize=4096");
    String forDialers = new KafkaTransportFactory().boundUri(listen, null).toString();
    assertThat(forDialers).contains("kafka.security.protocol=SASL_SSL").contains("maxFrameSize=4096")
        .doesNotContain("sasl.jaas.config").doesNotContain("ssl.key.password");
  }
}
