package io.backchannel.core.internal.connect;

import io.backchannel.core.internal.metrics.PeerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rsocket.DuplexConnection;
import io.rsocket.RSocketErrorException;
import io.rsocket.plugins.DuplexConnectionInterceptor;
import java.net.SocketAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Counts the bytes of every frame a connection sends and receives, for the bytes meters. */
public final class CountingConnection implements DuplexConnection {
  private final DuplexConnection delegate;
  private final PeerMetrics metrics;

  private CountingConnection(DuplexConnection delegate, PeerMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  /** Wraps the raw transport connection only, so each frame is counted once. */
  public static DuplexConnectionInterceptor interceptor(PeerMetrics metrics) {
    return (type, connection) -> type == DuplexConnectionInterceptor.Type.SOURCE
        ? new CountingConnection(connection, metrics)
        : connection;
  }

  @Override
  public void sendFrame(int streamId, ByteBuf frame) {
    metrics.bytes(false, frame.readableBytes());
    delegate.sendFrame(streamId, frame);
  }

  @Override
  public void sendErrorAndClose(RSocketErrorException error) {
    delegate.sendErrorAndClose(error);
  }

  @Override
  public Flux<ByteBuf> receive() {
    return delegate.receive().doOnNext(frame -> metrics.bytes(true, frame.readableBytes()));
  }

  @Override
  public ByteBufAllocator alloc() {
    return delegate.alloc();
  }

  @Override
  public SocketAddress remoteAddress() {
    return delegate.remoteAddress();
  }

  @Override
  public Mono<Void> onClose() {
    return delegate.onClose();
  }

  @Override
  public void dispose() {
    delegate.dispose();
  }

  @Override
  public boolean isDisposed() {
    return delegate.isDisposed();
  }
}
