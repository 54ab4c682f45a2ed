package io.backchannel.transport.shm;

import io.backchannel.core.transport.TransportFactory;
import io.rsocket.Closeable;
import io.rsocket.transport.ClientTransport;
import io.rsocket.transport.ServerTransport;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * {@code shm:} URIs: RSocket over shared-memory rings between processes on one host. The
 * listener accepts a handshake on a Unix-domain socket ({@code shm:///run/app/peer.sock}) or on
 * loopback TCP ({@code shm://127.0.0.1:7000?peer=any}, port 0 for an ephemeral one), then both sides map
 * one file of two rings. Query parameters: {@code ring} (bytes per direction, power of two,
 * default 1m; the listener's value wins), {@code dir} (ring file directory, default /dev/shm),
 * {@code spin} (busy-wait budget before sleeping, default 20us, 0 allowed), {@code wake=auto|
 * doorbell} (futex where possible, or always the socket), {@code peer=same-user|any} (whether other
 * local users may connect; the default needs a Unix socket in an owner-only directory),
 * {@code maxPending} (connections held before their first frame, default 16) and {@code
 * pendingTimeout} (to the first frame, default 10s). Thread-safe.
 */
public final class ShmTransportFactory implements TransportFactory {

  /** Called by {@link java.util.ServiceLoader}. */
  public ShmTransportFactory() {}

  @Override
  public boolean supports(String scheme) {
    return scheme.equals("shm");
  }

  @Override
  public ClientTransport client(URI uri) {
    ShmOptions options = ShmOptions.parse(uri);
    if (options.handshake() instanceof InetSocketAddress inet && inet.getPort() == 0) {
      throw new IllegalArgumentException("cannot dial port 0: " + uri + " (expected shm://host:port with the listener's port)");
    }
    return new ShmClientTransport(options);
  }

  @Override
  public ServerTransport<? extends Closeable> server(URI uri) {
    return new ShmServerTransport(ShmOptions.parse(uri));
  }

  @Override
  public URI boundUri(URI requested, Closeable server) {
    if (!(server instanceof ShmServer shm) || shm.port() < 0 || requested.getPort() == shm.port()) {
      return requested;
    }
    try {
      return new URI(
          requested.getScheme(), requested.getUserInfo(), requested.getHost(), shm.port(),
          requested.getPath(), requested.getQuery(), requested.getFragment());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot rebuild " + requested, e);
    }
  }
}
