package io.backchannel.transport.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Kafka client settings for low latency, no loss and no duplicates; {@code kafka.*} URI parameters win. */
final class KafkaConfigs {
  /** Room for the record batch and record headers around a frame of {@code maxFrameSize}. */
  static final int RECORD_OVERHEAD = 64 * 1024;

  private static final AtomicLong IDS = new AtomicLong();

  private KafkaConfigs() {}

  /**
   * Idempotent with {@code acks=all}: retries after a broker restart neither lose nor duplicate
   * frames, and order is kept with up to five requests in flight.
   */
  static Map<String, Object> producer(KafkaUri uri) {
    Map<String, Object> p = common(uri, "producer");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, uri.maxFrameSize() + RECORD_OVERHEAD);
    int delivery = (int) Math.min(Integer.MAX_VALUE, uri.deliveryTimeout().toMillis());
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
    // delivery.timeout.ms must be at least linger.ms + request.timeout.ms.
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, delivery));
    p.putAll(uri.clientProperties());
    return p;
  }

  /** A consumer without a group: the caller assigns partitions and seeks. */
  static Map<String, Object> assignedConsumer(KafkaUri uri, String role) {
    Map<String, Object> c = consumer(uri, role);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A session topic is read from offset 0; a missing offset means frames were lost, which must fail.
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    c.putAll(uri.clientProperties());
    return c;
  }

  /** The server's connection-request consumer: a stable group with commits, so restarts skip handled requests. */
  static Map<String, Object> groupConsumer(KafkaUri uri) {
    Map<String, Object> c = consumer(uri, "accept");
    c.put(ConsumerConfig.GROUP_ID_CONFIG, uri.group());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A new group reads what clients sent before the server first started; expired requests are skipped.
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.putAll(uri.clientProperties());
    return c;
  }

  static Map<String, Object> admin(KafkaUri uri) {
    Map<String, Object> a = common(uri, "admin");
    a.putAll(uri.clientProperties());
    return a;
  }

  /** Settings of the topics a server creates. */
  static Map<String, String> sessionTopic(KafkaUri uri) {
    return Map.of(
        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(uri.maxFrameSize() + RECORD_OVERHEAD),
        // Broker time, so the sweep can judge idleness whatever the peers' clocks say.
        TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
  }

  /** Settings of the request and reply topics, when the server creates them. */
  static Map<String, String> handshakeTopic() {
    return Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(24 * 3_600_000L));
  }

  private static Map<String, Object> consumer(KafkaUri uri, String role) {
    Map<String, Object> c = common(uri, role);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // The broker answers a fetch as soon as one byte is there; never set fetch.max.wait.ms=0 (spins).
    c.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
    c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Math.max(1 << 20, uri.maxFrameSize() + RECORD_OVERHEAD));
    return c;
  }

  private static Map<String, Object> common(KafkaUri uri, String role) {
    Map<String, Object> m = new HashMap<>();
    m.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, uri.bootstrapServers());
    m.put(AdminClientConfig.CLIENT_ID_CONFIG, "backchannel-" + role + "-" + IDS.incrementAndGet());
    // Come back quickly when a restarted broker listens again.
    m.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    return m;
  }
}
