package io.backchannel.transport.kafka;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Wires a session's reader, outbox and connection together and starts its poll thread. */
final class Sessions {
  /** How long a server that closes first waits for the client to acknowledge before deleting topics. */
  static final Duration SERVER_LINGER = Duration.ofSeconds(3);

  private Sessions() {}

  /**
   * Opens one side of a session. Takes over {@code producer}: the connection releases it when it
   * closes, then runs {@code afterClose}.
   */
  static KafkaDuplexConnection open(
      KafkaUri uri, SharedProducer producer, SessionTopics topics, boolean server, Runnable afterClose) {
    AtomicReference<KafkaDuplexConnection> self = new AtomicReference<>();
    String in = server ? topics.clientToServer() : topics.serverToClient();
    String out = server ? topics.serverToClient() : topics.clientToServer();
    String role = server ? "server" : "client";
    SessionReader reader = new SessionReader(
        new KafkaConsumer<>(KafkaConfigs.assignedConsumer(uri, role + "-session")), in, () -> self.get().dispose());
    Outbox outbox = new Outbox(producer.producer(), out, error -> self.get().fail(error));
    KafkaDuplexConnection connection = new KafkaDuplexConnection(
        new KafkaSocketAddress(uri.bootstrapServers(), uri.topic(), topics.id()),
        reader,
        outbox,
        server ? SERVER_LINGER : Duration.ZERO,
        () -> {
          producer.release();
          afterClose.run();
        });
    self.set(connection);
    reader.start("backchannel-kafka-" + role + "-" + topics.id().substring(0, 8));
    return connection;
  }
}
