package io.backchannel.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.testing.Closer;
import io.backchannel.testing.TestCertificates;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.util.DefaultPayload;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * Session TLS against an attacker who holds read and write access to every session topic (what
 * topic ACLs on a shared prefix give each tenant): a plain {@link KafkaConsumer} and {@link
 * KafkaProducer} on the real broker.
 */
class SessionTlsTest {
  private static final String TOKEN = "bearer-token-of-tenant-A-3f9c1e";

  @TempDir Path dir;
  private final Closer closer = new Closer();
  private TestCertificates certificates;
  private String topic;

  @BeforeEach
  void certificates() {
    certificates = TestCertificates.create(dir);
    topic = TestBroker.freshTopic("tls");
  }

  @AfterEach
  void close() {
    closer.close();
  }

  @Test
  void anotherTenantReadingTheSessionTopicFromOffsetZeroSeesNoTokenNorPlaintext() {
    serveEcho(listenerUri());
    RSocket tenantA = connect(TOKEN);
    assertThat(tenantA.requestResponse(DefaultPayload.create("confidential payload")).block(KafkaRSockets.TIMEOUT)
        .getDataUtf8()).isEqualTo("echo confidential payload");

    String raw = new String(everyRecordOfTheSessionTopics(), StandardCharsets.ISO_8859_1);
    assertThat(raw).isNotEmpty().doesNotContain(TOKEN).doesNotContain("confidential payload").doesNotContain("echo");
  }

  @Test
  void dialerRefusesAListenerWhoseCertificateItDoesNotTrust() {
    URI impostor = TestBroker.shared().uri(topic, certificates.serverFromOtherCa().query());
    serveEcho(impostor);
    assertThatThrownBy(() -> connect(TOKEN))
        .hasStackTraceContaining("TLS with the listener")
        .hasStackTraceContaining("SSLHandshakeException");
  }

  @Test
  void aForgedRecordClosesOnlyItsSessionWithAClearError() throws Exception {
    KafkaListener listener = serveEcho(listenerUri());
    RSocket victim = connect(TOKEN);
    String victimTopic = onlyC2sTopic();
    RSocket bystander = connect("bearer-token-of-tenant-B");
    echoes(victim);

    append(victimTopic, "forged frame".getBytes(StandardCharsets.UTF_8));

    await().atMost(KafkaRSockets.TIMEOUT).until(victim::isDisposed);
    assertThat(listener.refusals()).containsEntry(SessionRefusals.INTEGRITY, 1L);
    echoes(bystander);
  }

  @Test
  void aReplayedRecordClosesOnlyItsSession() throws Exception {
    KafkaListener listener = serveEcho(listenerUri());
    RSocket victim = connect(TOKEN);
    String victimTopic = onlyC2sTopic();
    RSocket bystander = connect("bearer-token-of-tenant-B");
    echoes(victim);

    // The victim's own last record again: genuine TLS, but out of sequence.
    append(victimTopic, read(victimTopic).getLast().value());

    await().atMost(KafkaRSockets.TIMEOUT).until(victim::isDisposed);
    assertThat(listener.refusals()).containsEntry(SessionRefusals.INTEGRITY, 1L);
    echoes(bystander);
  }

  @Test
  void aForgedCloseRecordEndsOnlyItsSessionAndIsReportedAsForged() throws Exception {
    KafkaListener listener = serveEcho(listenerUri());
    RSocket victim = connect(TOKEN);
    String victimTopic = onlyC2sTopic();
    RSocket bystander = connect("bearer-token-of-tenant-B");
    echoes(victim);

    try (KafkaProducer<byte[], byte[]> attacker = producer()) {
      attacker.send(ControlRecords.close(victimTopic)).get();
    }

    await().atMost(KafkaRSockets.TIMEOUT).until(victim::isDisposed);
    assertThat(listener.refusals()).containsEntry(SessionRefusals.INTEGRITY, 1L);
    echoes(bystander);
  }

  @Test
  void aPlainDialerIsRefusedByATlsListener() {
    KafkaListener listener = serveEcho(listenerUri());
    assertThatThrownBy(() -> KafkaRSockets.connect(TestBroker.shared().uri(topic, "")))
        .hasStackTraceContaining("requires session TLS");
    assertThat(listener.refusals()).containsEntry(SessionRefusals.TLS_MISMATCH, 1L);
  }

  private URI listenerUri() {
    return TestBroker.shared().uri(topic, certificates.server().query());
  }

  private URI dialerUri() {
    return TestBroker.shared().uri(topic, TestCertificates.param("ca", certificates.ca()) + "&serverName=localhost");
  }

  private KafkaListener serveEcho(URI uri) {
    KafkaListener listener = io.rsocket.core.RSocketServer.create(SocketAcceptor.forRequestResponse(
            p -> Mono.just(DefaultPayload.create("echo " + p.getDataUtf8()))))
        .fragment(KafkaRSockets.FACTORY.maxFrameSize(uri))
        .bind(new KafkaServerTransport(KafkaUri.parse(uri)))
        .block(KafkaRSockets.TIMEOUT);
    closer.register(() -> KafkaRSockets.close(listener));
    return listener;
  }

  private RSocket connect(String token) {
    RSocket rsocket = KafkaRSockets.connector(dialerUri())
        .setupPayload(DefaultPayload.create(token))
        .connect(KafkaRSockets.FACTORY.client(dialerUri()))
        .block(KafkaRSockets.TIMEOUT);
    closer.register(() -> KafkaRSockets.close(rsocket));
    return rsocket;
  }

  private static void echoes(RSocket rsocket) {
    assertThat(rsocket.requestResponse(DefaultPayload.create("ping")).block(KafkaRSockets.TIMEOUT).getDataUtf8())
        .isEqualTo("echo ping");
  }

  private String onlyC2sTopic() throws Exception {
    try (var admin = TestBroker.shared().admin()) {
      List<String> c2s = admin.listTopics().names().get().stream()
          .filter(n -> n.startsWith(topic + ".session.") && n.endsWith(".c2s"))
          .toList();
      assertThat(c2s).hasSize(1);
      return c2s.getFirst();
    }
  }

  private static void append(String topicName, byte[] value) throws Exception {
    try (KafkaProducer<byte[], byte[]> attacker = producer()) {
      attacker.send(new ProducerRecord<>(topicName, 0, null, value)).get();
    }
  }

  private byte[] everyRecordOfTheSessionTopics() {
    List<String> names;
    try (var admin = TestBroker.shared().admin()) {
      names = admin.listTopics().names().get().stream().filter(n -> n.startsWith(topic + ".session.")).toList();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    assertThat(names).hasSize(2);
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (String name : names) {
      for (ConsumerRecord<byte[], byte[]> r : read(name)) {
        if (r.value() != null) {
          all.writeBytes(r.value());
        }
        r.headers().forEach(h -> all.writeBytes(h.value()));
      }
    }
    return all.toByteArray();
  }

  /** Every record of a single-partition topic from offset 0, as another tenant's consumer reads it. */
  private static List<ConsumerRecord<byte[], byte[]>> read(String name) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.shared().bootstrapServers());
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      TopicPartition partition = new TopicPartition(name, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      await().atMost(KafkaRSockets.TIMEOUT).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return consumer.position(partition) >= end;
      });
    }
    return records;
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.shared().bootstrapServers(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
  }
}
