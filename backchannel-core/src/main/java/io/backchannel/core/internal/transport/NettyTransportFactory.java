package io.backchannel.core.internal.transport;

import io.backchannel.core.transport.ListenerLimits;
import io.backchannel.core.transport.TransportFactory;
import io.rsocket.Closeable;
import io.rsocket.transport.ClientTransport;
import io.rsocket.transport.ServerTransport;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.transport.netty.client.WebsocketClientTransport;
import reactor.netty.http.client.HttpClient;
import reactor.netty.tcp.TcpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.tcp.TcpServer;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * {@code tcp://host:port} and {@code ws://host:port/path} over rsocket-java's Netty transports.
 * Port 0 listens on an ephemeral port; {@link #boundUri} reports the real one. The WebSocket
 * server accepts the upgrade on any path; clients send the path of their URI. Listeners apply
 * {@link ListenerLimits} to connections until they are admitted.
 */
public final class NettyTransportFactory implements TransportFactory {

  /** Called by {@link java.util.ServiceLoader}. */
  public NettyTransportFactory() {}

  @Override
  public boolean supports(String scheme) {
    return scheme.equals("tcp") || scheme.equals("ws");
  }

  @Override
  public ClientTransport client(URI uri) {
    String host = Endpoints.host(uri);
    int port = Endpoints.port(uri, false);
    // A new connection per dial: the pooled default client caps one JVM at 500 connections.
    return isTcp(uri)
        ? TcpClientTransport.create(TcpClient.newConnection().host(host).port(port))
        : WebsocketClientTransport.create(HttpClient.newConnection().host(host).port(port), withDefaultPath(uri).getRawPath());
  }

  @Override
  public ServerTransport<? extends Closeable> server(URI uri) {
    return server(uri, ListenerLimits.DEFAULTS);
  }

  @Override
  public ServerTransport<? extends Closeable> server(URI uri, ListenerLimits limits) {
    String host = Endpoints.host(uri);
    int port = Endpoints.port(uri, true);
    return isTcp(uri)
        ? new GuardedTcpServerTransport(TcpServer.create().host(host).port(port), limits)
        : new GuardedWebsocketServerTransport(HttpServer.create().host(host).port(port), limits);
  }

  @Override
  public URI boundUri(URI requested, Closeable server) {
    if (!(server instanceof BoundServer bound)) {
      return requested;
    }
    try {
      return new URI(
          requested.getScheme(), null, Endpoints.host(requested), bound.address().getPort(),
          requested.getPath(), requested.getQuery(), null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot rebuild " + requested, e);
    }
  }

  private static boolean isTcp(URI uri) {
    return uri.getScheme().equalsIgnoreCase("tcp");
  }

  private static URI withDefaultPath(URI uri) {
    return uri.getRawPath() == null || uri.getRawPath().isEmpty() ? uri.resolve("/") : uri;
  }
}
