package io.backchannel.transport.kafka;

import java.net.SocketAddress;

/** The far end of a Kafka connection: bootstrap servers, the server's topic and the session id. */
final class KafkaSocketAddress extends SocketAddress {
  private final String bootstrapServers;
  private final String topic;
  private final String session;

  KafkaSocketAddress(String bootstrapServers, String topic, String session) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.session = session;
  }

  String session() {
    return session;
  }

  @Override
  public String toString() {
    return "kafka://" + bootstrapServers + "/" + topic + "#" + session;
  }
}
