package io.backchannel.core.internal.transport;

import io.backchannel.core.transport.TlsIdentity;
import io.netty.channel.Channel;
import io.rsocket.DuplexConnection;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A dialed connection together with the certificate its listener presented, as the TLS handshake
 * verified it: how a TLS client transport hands the listener's identity to the dialer that asked,
 * with the connection itself rather than through any shared state. Everything else is the wrapped
 * connection's.
 */
public final class CertifiedConnection extends ForwardingConnection {
  private final @Nullable TlsIdentity certificate;

  private CertifiedConnection(DuplexConnection delegate, @Nullable TlsIdentity certificate) {
    super(delegate);
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
}
