package io.backchannel.core.internal.connect;

import io.backchannel.core.internal.metrics.PeerMetrics;
import io.backchannel.core.internal.transport.ForwardingConnection;
import io.netty.buffer.ByteBuf;
import io.rsocket.DuplexConnection;
import io.rsocket.plugins.DuplexConnectionInterceptor;
import reactor.core.publisher.Flux;

/** Counts the bytes of every frame a connection sends and receives, for the bytes meters. */
public final class CountingConnection extends ForwardingConnection {
  private final PeerMetrics metrics;

  private CountingConnection(DuplexConnection delegate, PeerMetrics metrics) {
    super(delegate);
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
  public Flux<ByteBuf> receive() {
    return delegate.receive().doOnNext(frame -> metrics.bytes(true, frame.readableBytes()));
  }
}
