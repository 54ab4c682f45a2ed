package io.backchannel.core;

import java.net.URI;

/** A listening server of a {@link Peer}, from {@link Peer#listen}. Thread-safe. */
public interface Server extends AutoCloseable {

  /** The URI peers dial to reach it, with any ephemeral port resolved. */
  URI uri();

  /** Stops accepting connections; connections already accepted stay open until the peer closes. */
  @Override
  void close();
}
