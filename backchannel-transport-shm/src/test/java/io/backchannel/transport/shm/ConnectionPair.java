package io.backchannel.transport.shm;

import io.rsocket.DuplexConnection;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;

/** A dialed and an accepted {@link DuplexConnection} in this JVM, without RSocket on top. */
final class ConnectionPair implements AutoCloseable {
  final ShmServer server;
  final DuplexConnection client;
  final DuplexConnection accepted;

  ConnectionPair(URI uri) throws Exception {
    ShmTransportFactory factory = new ShmTransportFactory();
    CompletableFuture<DuplexConnection> acceptedFuture = new CompletableFuture<>();
    server = (ShmServer) factory.server(uri).start(connection -> {
      acceptedFuture.complete(connection);
      return Mono.never();
    }).block();
    client = factory.client(factory.boundUri(uri, server)).connect().block(Duration.ofSeconds(5));
    accepted = acceptedFuture.get(5, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    client.dispose();
    accepted.dispose();
    server.dispose();
    client.onClose().block(Duration.ofSeconds(5));
    accepted.onClose().block(Duration.ofSeconds(5));
    server.onClose().block(Duration.ofSeconds(5));
  }
}
