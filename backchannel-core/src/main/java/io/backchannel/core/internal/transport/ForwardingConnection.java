package io.backchannel.core.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rsocket.DuplexConnection;
import io.rsocket.RSocketErrorException;
import java.net.SocketAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A connection that forwards everything to another; subclasses override what they add to. */
public abstract class ForwardingConnection implements DuplexConnection {
  protected final DuplexConnection delegate;

  protected ForwardingConnection(DuplexConnection delegate) {
    this.delegate = delegate;
  }

  @Override
  public void sendFrame(int streamId, ByteBuf frame) {
    delegate.sendFrame(streamId, frame);
  }

  @Override
  public void sendErrorAndClose(RSocketErrorException error) {
    delegate.sendErrorAndClose(error);
  }

  @Override
  public Flux<ByteBuf> receive() {
    return delegate.receive();
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
  public double availability() {
    return delegate.availability();
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
