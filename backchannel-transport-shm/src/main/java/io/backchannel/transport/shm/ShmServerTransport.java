package io.backchannel.transport.shm;

import io.rsocket.transport.ServerTransport;
import java.util.Objects;
import reactor.core.publisher.Mono;

/** Listens for shm handshakes; each {@link #start} binds a new {@link ShmServer}. Thread-safe. */
final class ShmServerTransport implements ServerTransport<ShmServer> {
  private final ShmOptions options;

  ShmServerTransport(ShmOptions options) {
    this.options = options;
  }

  @Override
  public Mono<ShmServer> start(ConnectionAcceptor acceptor) {
    Objects.requireNonNull(acceptor, "acceptor");
    return Mono.fromCallable(() -> ShmServer.bind(options, acceptor));
  }
}
