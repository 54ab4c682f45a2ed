package io.backchannel.core.internal.transport;

import io.backchannel.core.transport.ListenerLimits;
import io.backchannel.core.transport.TlsIdentity;
import io.backchannel.core.transport.TransportFactory;
import io.netty.handler.ssl.SslContext;
import io.rsocket.Closeable;
import io.rsocket.transport.ClientTransport;
import io.rsocket.transport.ServerTransport;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * TLS over TCP ({@code tcp+tls://host:port?...}, alias {@code tls://}) and over WebSocket
 * ({@code wss://host:port/path?...}), configured by query parameters so that applications change
 * only the URI:
 *
 * <ul>
 *   <li>{@code cert}, {@code key}: PEM certificate chain and unencrypted PKCS#8 PEM private key.
 *       Required to listen; on a dialer they are the client certificate for mutual TLS.
 *   <li>{@code ca}: PEM bundle of trusted CAs. Without it a dialer trusts the JDK's default trust
 *       store; a listener needs it to check client certificates.
 *   <li>{@code clientAuth} (listeners only): {@code none} (default), {@code optional} or {@code
 *       require}.
 *   <li>{@code serverName}: the name the dialer checks the server's certificate against (and
 *       sends as SNI), when it is not the URI host.
 * </ul>
 *
 * <p>Dialers always check the server's chain and host name; no parameter turns that off, and
 * unknown parameters are refused. The {@link #boundUri bound URI} of a listener keeps only {@code
 * ca} and {@code serverName}, so dialing it never hands the listener's key file to a client.
 * Certificate files are read each time a transport is created (on listen and dial). Verified
 * client certificates reach the accepting side as a {@link TlsIdentity}, and the listener's
 * certificate reaches the dialer with each connection ({@link CertifiedConnection}). Thread-safe.
 */
public final class TlsTransportFactory implements TransportFactory {

  /** Called by {@link java.util.ServiceLoader}. */
  public TlsTransportFactory() {}

  @Override
  public boolean supports(String scheme) {
    return scheme.equals("tcp+tls") || scheme.equals("tls") || scheme.equals("wss");
  }

  @Override
  public ClientTransport client(URI uri) {
    String host = Endpoints.host(uri);
    int port = Endpoints.port(uri, false);
    TlsOptions options = TlsOptions.parse(uri);
    SslContext context = options.dialerContext();
    Supplier<SocketAddress> address = remoteAddress(host, port, options.serverName());
    if (isWebSocket(uri)) {
      HttpClient client = HttpClient.newConnection()
          .remoteAddress(address)
          .secure(spec -> spec.sslContext(context));
      return TlsClientTransport.webSocket(client, path(uri));
    }
    TcpClient client = TcpClient.newConnection()
        .remoteAddress(address)
        .secure(spec -> spec.sslContext(context));
    return TlsClientTransport.tcp(client);
  }

  @Override
  public ServerTransport<? extends Closeable> server(URI uri) {
    return server(uri, ListenerLimits.DEFAULTS);
  }

  @Override
  public ServerTransport<? extends Closeable> server(URI uri, ListenerLimits limits) {
    String host = Endpoints.host(uri);
    int port = Endpoints.port(uri, true);
    SslContext context = TlsOptions.parse(uri).listenerContext();
    if (isWebSocket(uri)) {
      return new GuardedWebsocketServerTransport(
          HttpServer.create().host(host).port(port).secure(spec -> spec.sslContext(context)), limits);
    }
    return new GuardedTcpServerTransport(
        TcpServer.create().host(host).port(port).secure(spec -> spec.sslContext(context)), limits);
  }

  /**
   * {@code requested} with the bound port, and with only the query parameters a dialer needs
   * ({@code ca}, {@code serverName}): the listener's {@code cert}, {@code key} and {@code
   * clientAuth} are dropped.
   */
  @Override
  public URI boundUri(URI requested, Closeable server) {
    int port = server instanceof BoundServer bound ? bound.address().getPort() : requested.getPort();
    StringBuilder uri = new StringBuilder()
        .append(requested.getScheme()).append("://")
        .append(requested.getRawAuthority().replaceFirst(":\\d+$", ""))
        .append(':').append(port);
    if (requested.getRawPath() != null) {
      uri.append(requested.getRawPath());
    }
    String query = TlsOptions.dialerQuery(requested);
    if (query != null) {
      uri.append('?').append(query);
    }
    try {
      return new URI(uri.toString());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot rebuild " + requested, e);
    }
  }

  private static boolean isWebSocket(URI uri) {
    return uri.getScheme().equalsIgnoreCase("wss");
  }

  private static String path(URI uri) {
    String path = uri.getRawPath();
    return path == null || path.isEmpty() ? "/" : path;
  }

  /**
   * Where to connect. With a {@code serverName}, the address carries that name with the URI
   * host's IP address, so that the TLS engine checks the certificate against it (the JDK would
   * otherwise fall back to the URI host when the SNI name does not match). The URI host is then
   * resolved when dialing, on the dialing thread.
   */
  private static Supplier<SocketAddress> remoteAddress(String host, int port, @Nullable String serverName) {
    if (serverName == null || serverName.equalsIgnoreCase(host)) {
      return () -> InetSocketAddress.createUnresolved(host, port);
    }
    return () -> {
      try {
        InetAddress ip = InetAddress.getByName(host);
        return new InetSocketAddress(InetAddress.getByAddress(serverName, ip.getAddress()), port);
      } catch (UnknownHostException e) {
        throw new UncheckedIOException("cannot resolve " + host, e);
      }
    };
  }
}
