package io.backchannel.transport.kafka;

import io.backchannel.core.transport.TransportFactory;
import io.rsocket.Closeable;
import io.rsocket.transport.ClientTransport;
import io.rsocket.transport.ServerTransport;
import java.net.URI;

/**
 * {@code kafka://host:port[,host:port...]/topic[?param=value&...]}: RSocket over Apache Kafka. A
 * server consumes {@code topic} for connection requests and confirms on {@code topic-reply}; each
 * connection then has its own pair of single-partition topics. Parameters: {@code maxFrameSize}
 * (bytes, default 921600), {@code connectTimeout} (10s), {@code deliveryTimeout} (2m), {@code
 * sweepInterval} (1m, 0 = off), {@code sessionIdleTimeout} (5m), {@code group} (the server's
 * consumer group, default {@code backchannel-<topic>}), {@code replicationFactor} (broker
 * default), and {@code kafka.<property>} for any Kafka client property. Thread-safe; see the
 * module README for the full contract.
 */
public final class KafkaTransportFactory implements TransportFactory {

  /** Called by {@link java.util.ServiceLoader}. */
  public KafkaTransportFactory() {}

  @Override
  public boolean supports(String scheme) {
    return scheme.equals("kafka");
  }

  @Override
  public ClientTransport client(URI uri) {
    return new KafkaClientTransport(KafkaUri.parse(uri));
  }

  @Override
  public ServerTransport<? extends Closeable> server(URI uri) {
    return new KafkaServerTransport(KafkaUri.parse(uri));
  }

  /** Below the broker's default message limit (1 MiB) unless the URI's {@code maxFrameSize} says otherwise. */
  @Override
  public int maxFrameSize(URI uri) {
    return KafkaUri.parse(uri).maxFrameSize();
  }
}
