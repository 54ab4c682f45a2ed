package io.backchannel.transport.kafka;

import io.rsocket.Closeable;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketConnector;
import io.rsocket.core.RSocketServer;
import java.net.URI;
import java.time.Duration;

/** Raw rsocket-java over the Kafka transport, fragmenting as the Backchannel peer will. */
final class KafkaRSockets {
  static final KafkaTransportFactory FACTORY = new KafkaTransportFactory();
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private KafkaRSockets() {}

  static Closeable serve(URI uri, SocketAcceptor acceptor) {
    return RSocketServer.create(acceptor).fragment(FACTORY.maxFrameSize(uri)).bind(FACTORY.server(uri)).block(TIMEOUT);
  }

  static RSocketConnector connector(URI uri) {
    return RSocketConnector.create().fragment(FACTORY.maxFrameSize(uri));
  }

  static RSocket connect(URI uri) {
    return connector(uri).connect(FACTORY.client(uri)).block(TIMEOUT);
  }

  /** Disposes and waits until really closed. */
  static void close(Closeable closeable) {
    closeable.dispose();
    closeable.onClose().block(TIMEOUT);
  }
}
