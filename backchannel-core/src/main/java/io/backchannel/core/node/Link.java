package io.backchannel.core.node;

import java.time.Duration;
import java.util.Optional;

/**
 * A connection this peer keeps up: it redials with exponential backoff and jitter whenever the
 * connection closes or a dial fails, each time with a fresh SETUP and credential. A refused
 * credential backs off to the maximum delay instead of retrying at once. A link to several URIs
 * ({@code Peer.connect(List)}) moves on to the next URI after each failed dial or closed
 * connection; {@link #connection()}{@code .remote()} tells which node it reached. Thread-safe.
 */
public interface Link extends AutoCloseable {

  /** The current connection, if one is up. */
  Optional<Connection> connection();

  /**
   * A proxy whose calls go over whichever connection this link has up at the time of each call, so
   * it keeps working across reconnects, to the same listener or to another of the link's URIs. A call made while the link is down fails at once with
   * {@link io.backchannel.NotConnectedException} (safe to retry); one in flight when the connection
   * drops fails with {@link io.backchannel.ConnectionLostException}.
   *
   * @throws IllegalArgumentException if the interface is invalid (the message names the method)
   */
  <T> T proxy(Class<T> type);

  /**
   * Waits until a connection is up.
   *
   * @throws io.backchannel.NotConnectedException if none comes up within {@code timeout}; its
   *     message carries the last dial failure
   */
  Connection awaitConnection(Duration timeout);

  /** How many times a connection was established so far. */
  int connects();

  /** Stops redialing and closes the current connection. */
  @Override
  void close();
}
