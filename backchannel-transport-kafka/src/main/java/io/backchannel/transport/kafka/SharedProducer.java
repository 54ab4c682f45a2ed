package io.backchannel.transport.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link KafkaProducer} per distinct producer configuration in the JVM, shared by every
 * connection and server using it and closed when the last of them releases it. Thread-safe;
 * {@link #release()} must be called exactly once per {@link #acquire}.
 */
final class SharedProducer {
  private static final Logger log = LoggerFactory.getLogger(SharedProducer.class);
  /** Lets frames already accepted reach a broker that is briefly away when the last user closes. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
  private static final Map<Map<String, Object>, SharedProducer> SHARED = new HashMap<>();

  private final Map<String, Object> key;
  private final Producer<byte[], byte[]> producer;
  private int users; // guarded by SHARED

  private SharedProducer(Map<String, Object> key, Producer<byte[], byte[]> producer) {
    this.key = key;
    this.producer = producer;
  }

  static SharedProducer acquire(KafkaUri uri) {
    Map<String, Object> config = KafkaConfigs.producer(uri);
    Map<String, Object> key = new HashMap<>(config);
    key.remove(ProducerConfig.CLIENT_ID_CONFIG);
    synchronized (SHARED) {
      SharedProducer shared = SHARED.computeIfAbsent(key, k -> new SharedProducer(k, new KafkaProducer<>(config)));
      shared.users++;
      return shared;
    }
  }

  /** The thread-safe producer; do not close it. */
  Producer<byte[], byte[]> producer() {
    return producer;
  }

  void release() {
    synchronized (SHARED) {
      if (--users > 0) {
        return;
      }
      SHARED.remove(key);
    }
    // close() blocks while it flushes; never do that on a caller's (possibly event-loop) thread.
    Thread.ofVirtual().name("backchannel-kafka-producer-close").start(() -> {
      try {
        producer.close(CLOSE_TIMEOUT);
      } catch (RuntimeException e) {
        log.warn("closing the Kafka producer failed", e);
      }
    });
  }
}
