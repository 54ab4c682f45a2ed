package io.backchannel.core.internal.transport;

import io.backchannel.core.transport.TransportFactory;
import io.rsocket.Closeable;
import io.rsocket.transport.ClientTransport;
import io.rsocket.transport.ServerTransport;
import io.rsocket.transport.local.LocalClientTransport;
import io.rsocket.transport.local.LocalServerTransport;
import java.net.URI;

/** {@code local:name}: an in-JVM connection that hands frames over by reference. */
public final class LocalTransportFactory implements TransportFactory {

  /** Called by {@link java.util.ServiceLoader}. */
  public LocalTransportFactory() {}

  @Override
  public boolean supports(String scheme) {
    return scheme.equals("local");
  }

  @Override
  public ClientTransport client(URI uri) {
    return LocalClientTransport.create(name(uri));
  }

  @Override
  public ServerTransport<? extends Closeable> server(URI uri) {
    return LocalServerTransport.create(name(uri));
  }

  private static String name(URI uri) {
    String name = uri.getSchemeSpecificPart();
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("local URI needs a name: " + uri + " (expected local:name)");
    }
    return name;
  }
}
