package io.backchannel.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.testing.Closer;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketServer;
import io.rsocket.util.DefaultPayload;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * An attacker with write access to the request topic floods it with connection requests that
 * never send a frame: the server holds at most {@code maxPendingSessions} of them (topics and poll
 * threads), refuses the rest before creating anything, closes the admitted ones after {@code
 * firstFrameTimeout}, counts all of it, and then serves a real client.
 */
class ConnectFloodTest {
  private static final int FLOOD = 30;
  private static final int MAX_PENDING = 3;
  private final Closer closer = new Closer();

  @AfterEach
  void close() {
    closer.close();
  }

  @Test
  void aFloodOfConnectRequestsIsBoundedRefusedAndCounted() throws Exception {
    String topic = TestBroker.freshTopic("flood");
    URI uri = TestBroker.shared().uri(topic, "maxPendingSessions=" + MAX_PENDING + "&firstFrameTimeout=10s");
    KafkaListener listener = RSocketServer.create(SocketAcceptor.forRequestResponse(
            p -> Mono.just(DefaultPayload.create("echo " + p.getDataUtf8()))))
        .bind(new KafkaServerTransport(KafkaUri.parse(uri)))
        .block(KafkaRSockets.TIMEOUT);
    closer.register(() -> KafkaRSockets.close(listener));

    try (KafkaProducer<byte[], byte[]> attacker = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.shared().bootstrapServers(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
      long deadline = System.currentTimeMillis() + 600_000;
      for (int i = 0; i < FLOOD; i++) {
        attacker.send(ControlRecords.connect(topic, UUID.randomUUID().toString(), deadline, false));
      }
      attacker.flush();
    }

    await().atMost(KafkaRSockets.TIMEOUT)
        .until(() -> listener.refusals().getOrDefault(SessionRefusals.PENDING_LIMIT, 0L) == FLOOD - MAX_PENDING);
    try (Admin admin = TestBroker.shared().admin()) {
      assertThat(HandshakeTest.sessionTopics(admin, topic)).hasSizeLessThanOrEqualTo(2 * MAX_PENDING);
    }
    assertThat(Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("backchannel-kafka-server-"))
        .count()).isLessThanOrEqualTo(MAX_PENDING);

    // The admitted ones never send a frame: closed, counted, their topics deleted.
    await().atMost(KafkaRSockets.TIMEOUT)
        .until(() -> listener.refusals().getOrDefault(SessionRefusals.FIRST_FRAME_TIMEOUT, 0L) == MAX_PENDING);
    try (Admin admin = TestBroker.shared().admin()) {
      await().atMost(KafkaRSockets.TIMEOUT).until(() -> HandshakeTest.sessionTopics(admin, topic).isEmpty());
    }

    RSocket client = KafkaRSockets.connect(uri);
    closer.register(() -> KafkaRSockets.close(client));
    assertThat(client.requestResponse(DefaultPayload.create("ping")).block(KafkaRSockets.TIMEOUT).getDataUtf8())
        .isEqualTo("echo ping");
  }
}
