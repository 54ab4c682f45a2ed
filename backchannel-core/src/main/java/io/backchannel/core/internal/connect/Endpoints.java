package io.backchannel.core.internal.connect;

import io.backchannel.core.internal.transport.RedactedUri;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The URIs one link may dial (the consoles of a cluster) and which one it dials next. The first
 * dial goes to a random URI, so that sidecars configured with the same list spread over the
 * consoles; every failed dial and every closed connection moves on to the next URI in list order,
 * wrapping around. A DNS name is one URI here, however many addresses it resolves to. Not
 * thread-safe: only the link's own thread moves it.
 */
final class Endpoints {
  private final List<String> uris;
  private final List<String> shown;
  private int next;

  /** @throws IllegalArgumentException if {@code uris} is empty or one of them is malformed */
  Endpoints(List<String> uris) {
    if (uris.isEmpty()) {
      throw new IllegalArgumentException("a link needs at least one URI to dial");
    }
    this.uris = List.copyOf(uris);
    this.uris.forEach(URI::create);
    this.shown = this.uris.stream().map(RedactedUri::of).toList();
    this.next = this.uris.size() == 1 ? 0 : ThreadLocalRandom.current().nextInt(this.uris.size());
  }

  /** The index of the URI to dial now. */
  int current() {
    return next;
  }

  String uri(int index) {
    return uris.get(index);
  }

  /** {@link #uri} with secrets in its query masked, for logs and messages. */
  String shown(int index) {
    return shown.get(index);
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
