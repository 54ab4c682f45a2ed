package io.backchannel.core;

import java.time.Duration;
import java.util.Optional;

/**
 * A connection this peer keeps up: it redials with exponential backoff and jitter whenever the
 * connection closes or a dial fails, each time with a fresh SETUP and credential. A refused
 * credential backs off to the maximum delay instead of retrying at once. Thread-safe.
 */
public interface Link extends AutoCloseable {

  /** The current connection, if one is up. */
  Optional<Connection> connection();

  /**
   * Waits until a connection is up.
   *
   * @throws io.backchannel.ConnectionLostException if none comes up within {@code timeout}; its
   *     message carries the last dial failure
   */
  Connection awaitConnection(Duration timeout);

  /** How many times a connection was established so far. */
  int connects();

  /** Stops redialing and closes the current connection. */
  @Override
  void close();
}
