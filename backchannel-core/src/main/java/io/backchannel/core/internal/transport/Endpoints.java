package io.backchannel.core.internal.transport;

import java.net.URI;

/** Host and port checks shared by the socket transports. */
final class Endpoints {
  private Endpoints() {}

  /** The URI's host; throws {@link IllegalArgumentException} if it has none. */
  static String host(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      throw new IllegalArgumentException("URI needs a host: " + uri + " (expected " + uri.getScheme() + "://host:port)");
    }
    return host;
  }

  /** The URI's port, in [1, 65535], or [0, 65535] where {@code zeroAllowed} (listening). */
  static int port(URI uri, boolean zeroAllowed) {
    int port = uri.getPort();
    if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
      throw new IllegalArgumentException(
          "URI needs a port in [" + (zeroAllowed ? 0 : 1) + ", 65535]: " + uri);
    }
    return port;
  }
}
