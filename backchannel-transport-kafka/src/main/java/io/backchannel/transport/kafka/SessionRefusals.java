package io.backchannel.transport.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sessions a server refused or ended before they were set up, by reason, counted in the meter
 * {@code backchannel.kafka.sessions.refused} (tags {@code topic}, {@code reason}) of Micrometer's
 * global registry and here for {@link KafkaListener#refusals()}. Thread-safe.
 */
final class SessionRefusals {
  /** The server already holds {@code maxPendingSessions} sessions that sent no frame yet. */
  static final String PENDING_LIMIT = "pending-limit";
  /** A session sent no frame within {@code firstFrameTimeout}. */
  static final String FIRST_FRAME_TIMEOUT = "first-frame-timeout";
  /** A request without session TLS at a TLS server, or with it at a plain one. */
  static final String TLS_MISMATCH = "tls-mismatch";
  /** A session record failed the TLS check (forged, replayed, altered) or the handshake failed. */
  static final String INTEGRITY = "integrity";

  private final String topic;
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  SessionRefusals(String topic) {
    this.topic = topic;
  }

  void count(String reason) {
    counts.computeIfAbsent(reason, r -> new LongAdder()).increment();
    Counter.builder("backchannel.kafka.sessions.refused")
        .description("Kafka sessions refused or ended before set-up, by reason")
        .tag("topic", topic)
        .tag("reason", reason)
        .register(Metrics.globalRegistry)
        .increment();
  }

  Map<String, Long> snapshot() {
    Map<String, Long> copy = new java.util.TreeMap<>();
    counts.forEach((reason, n) -> copy.put(reason, n.sum()));
    return copy;
  }
}
