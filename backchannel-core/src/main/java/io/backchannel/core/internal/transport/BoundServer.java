package io.backchannel.core.internal.transport;

import io.rsocket.Closeable;
import java.net.InetSocketAddress;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/** A bound reactor-netty server as an RSocket {@link Closeable}. Thread-safe. */
final class BoundServer implements Closeable {
  private final DisposableServer server;

  BoundServer(DisposableServer server) {
    this.server = server;
  }

  /** The local address it listens on, with an ephemeral port resolved. */
  InetSocketAddress address() {
    return (InetSocketAddress) server.address();
  }

  @Override
  public void dispose() {
    server.dispose();
  }

  @Override
  public boolean isDisposed() {
    return server.isDisposed();
  }

  @Override
  public Mono<Void> onClose() {
    return server.onDispose();
  }
}
