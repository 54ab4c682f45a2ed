import io.backchannel.core.transport.TransportFactory;
import io.backchannel.transport.kafka.KafkaTransportFactory;

/** Kafka transport: its factory is the one public type, found through {@link TransportFactory}. */
// kafka-clients is an automatic module named from its file name (no Automatic-Module-Name).
@SuppressWarnings("requires-automatic")
module io.backchannel.transport.kafka {
  // Transitive: the exported factory implements core's TransportFactory.
  requires transitive io.backchannel.core;
  requires kafka.clients;
  requires org.slf4j;
  requires io.netty.handler; // SslContext, built by core's TlsOptions for TLS over the session records

  exports io.backchannel.transport.kafka;

  provides TransportFactory with
      KafkaTransportFactory;
}
