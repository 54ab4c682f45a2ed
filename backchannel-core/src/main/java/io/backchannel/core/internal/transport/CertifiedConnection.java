package io.backchannel.core.internal.transport;

import io.backchannel.core.transport.TlsIdentity;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.rsocket.DuplexConnection;
import io.rsocket.RSocketErrorException;
import java.net.SocketAddress;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A dialed connection together with the certificate its listener presented, as the TLS handshake
 * verified it: how a TLS client transport hands the listener's identity to the dialer that asked,
 * with the connection itself rather than through any shared state. Everything else is the wrapped
 * connection's.
 */
public final class CertifiedConnection implements DuplexConnection {
  private final DuplexConnection delegate;
  private final @Nullable TlsIdentity certificate;

  private CertifiedConnection(DuplexConnection delegate, @Nullable TlsIdentity certificate) {
    this.delegate = delegate;
    this.certificate = certificate;
  }

  /** {@code connection} with the listener certificate of {@code channel}, whose handshake has completed. */
  static DuplexConnection of(DuplexConnection connection, Channel channel) {
    return new CertifiedConnection(connection, TlsIdentity.of(channel).orElse(null));
  }

  /**
   * The listener's verified certificate on {@code connection}; empty if its transport is not TLS
   * (or not one of the TLS transports that report it).
   */
  public static Optional<TlsIdentity> certificate(DuplexConnection connection) {
    return connection instanceof CertifiedConnection certified ? Optional.ofNullable(certified.certificate) : Optional.empty();
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
