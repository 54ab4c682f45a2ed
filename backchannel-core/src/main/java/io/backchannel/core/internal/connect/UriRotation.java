package io.backchannel.core.internal.connect;

import io.backchannel.core.internal.transport.RedactedUri;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The URIs one link may dial (the consoles of a cluster) and which one it dials next. The first
 * dial goes to a random URI, so that sidecars configured with the same list spread over the
 * consoles; every failed dial and every closed connection moves on to the next URI in list order,
 * wrapping around. A DNS name is one URI here, however many addresses it resolves to (the socket
 * transports try those in the resolver's order within one dial). Not thread-safe: only the link's
 * own thread moves it; {@link #describe} alone may be called from any thread.
 */
final class UriRotation {
  private final List<String> uris;
  private final List<String> shown;
  private int next;

  /** @throws IllegalArgumentException if {@code uris} is empty or one of them is malformed */
  UriRotation(List<String> uris) {
    if (uris.isEmpty()) {
      throw new IllegalArgumentException("a link needs at least one URI to dial");
    }
    this.uris = List.copyOf(uris);
    this.uris.forEach(URI::create);
    this.shown = this.uris.stream().map(RedactedUri::of).toList();
    this.next = this.uris.size() == 1 ? 0 : ThreadLocalRandom.current().nextInt(this.uris.size());
  }

  /** The URI to dial now. */
  String uri() {
    return uris.get(next);
  }

  /** {@link #uri} with secrets in its query masked, for logs and messages. */
  String shown() {
    return shown.get(next);
  }

  /** Moves on to the next URI, after a failed dial or a closed connection. */
  void advance() {
    next = (next + 1) % uris.size();
  }

  int size() {
    return uris.size();
  }

  /** Whether there is another URI to go to when this one fails. */
  boolean hasAlternatives() {
    return uris.size() > 1;
  }

  /** Every URI, secrets masked, for logs, messages and the link's thread name. */
  String describe() {
    return String.join(", ", shown);
  }
}
