package io.backchannel.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backchannel.core.transport.Transports;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** URI parsing and lookup through the transport SPI; no broker needed. */
class KafkaUriTest {

  @Test
  void transportsFindTheKafkaFactoryByScheme() {
    URI uri = URI.create("kafka://127.0.0.1:9092/console-inbox");

    assertThat(Transports.forUri(uri)).isInstanceOf(KafkaTransportFactory.class);
    assertThat(Transports.forUri(uri).maxFrameSize(uri)).isEqualTo(900 * 1024);
    assertThat(Transports.forUri(uri).client(uri).maxFrameLength()).isEqualTo(900 * 1024);
  }

  @Test
  void defaultsApplyWithoutParameters() {
    KafkaUri uri = KafkaUri.parse(URI.create("kafka://broker/console-inbox"));

    assertThat(uri.bootstrapServers()).isEqualTo("broker:9092");
    assertThat(uri.topic()).isEqualTo("console-inbox");
    assertThat(uri.replyTopic()).isEqualTo("console-inbox-reply");
    assertThat(uri.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(uri.deliveryTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(uri.group()).isEqualTo("backchannel-console-inbox");
    assertThat(uri.replicationFactor()).isEqualTo((short) -1);
  }

  @Test
  void parametersAndClientPropertiesAreRead() {
    KafkaUri uri = KafkaUri.parse(URI.create(
        "kafka://a:1,b:2/in?maxFrameSize=65536&connectTimeout=500ms&deliveryTimeout=PT1M&sweepInterval=0"
            + "&sessionIdleTimeout=10m&group=g&replicationFactor=3&kafka.security.protocol=SSL"));

    assertThat(uri.bootstrapServers()).isEqualTo("a:1,b:2");
    assertThat(uri.maxFrameSize()).isEqualTo(65536);
    assertThat(uri.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(uri.deliveryTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(uri.sweepInterval()).isZero();
    assertThat(uri.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(uri.group()).isEqualTo("g");
    assertThat(uri.replicationFactor()).isEqualTo((short) 3);
    assertThat(uri.clientProperties()).containsEntry("security.protocol", "SSL");
    assertThat(KafkaConfigs.producer(uri)).containsEntry("security.protocol", "SSL");
  }

  @Test
  void badUrisAreRejectedWithTheReason() {
    assertThatThrownBy(() -> KafkaUri.parse(URI.create("kafka://broker:9092/")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a topic");
    assertThatThrownBy(() -> KafkaUri.parse(URI.create("kafka://broker:9092/a?maxFrameSize=10")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFrameSize=10").hasMessageContaining("[64, 16777215]");
    assertThatThrownBy(() -> KafkaUri.parse(URI.create("kafka://broker:9092/a?connectTimeout=soon")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout=soon");
    assertThatThrownBy(() -> KafkaUri.parse(URI.create("kafka://broker:9092/a?timeout=1s")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown parameter 'timeout'");
    assertThatThrownBy(() -> KafkaUri.parse(URI.create("kafka:///a")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootstrap servers");
  }

  @Test
  void sessionTopicsAreRecognisedOnlyForTheirOwnTopic() {
    SessionTopics s = SessionTopics.create("inbox");

    assertThat(s.clientToServer()).isEqualTo("inbox.session." + s.id() + ".c2s");
    assertThat(SessionTopics.sessionOf("inbox", s.serverToClient())).contains(s.id());
    assertThat(SessionTopics.sessionOf("inbox.session", s.serverToClient())).isEmpty();
    assertThat(SessionTopics.sessionOf("inbox", "inbox-reply")).isEmpty();
  }
}
