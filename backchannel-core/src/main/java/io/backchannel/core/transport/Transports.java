package io.backchannel.core.transport;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/** Finds the {@link TransportFactory} for a URI among those on the class path. */
public final class Transports {
  private static final List<TransportFactory> FACTORIES =
      ServiceLoader.load(TransportFactory.class, Transports.class.getClassLoader()).stream()
          .map(ServiceLoader.Provider::get)
          .toList();

  private Transports() {}

  /**
   * The factory owning {@code uri}'s scheme.
   *
   * @throws IllegalArgumentException if no transport on the class path supports it
   */
  public static TransportFactory forUri(URI uri) {
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw new IllegalArgumentException("URI has no scheme: " + uri + " (expected e.g. tcp://host:port)");
    }
    String lower = scheme.toLowerCase(Locale.ROOT);
    for (TransportFactory factory : FACTORIES) {
      if (factory.supports(lower)) {
        return factory;
      }
    }
    throw new IllegalArgumentException(
        "no transport for scheme '" + scheme + "' in " + uri + "; is its backchannel-transport-* module on the class path?");
  }
}
