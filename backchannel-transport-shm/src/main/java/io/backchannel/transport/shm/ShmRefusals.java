package io.backchannel.transport.shm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

/**
 * What shm refuses before RSocket sees a connection, counted in Micrometer's global registry as
 * {@code backchannel.shm.refusals} tagged {@code reason} (the transport SPI hands transports no
 * registry: add yours to {@link Metrics#globalRegistry}). Thread-safe.
 */
enum ShmRefusals {
  /** A peer of another local user (kernel-reported), without {@code peer=any}. */
  PEER_USER("peer_user"),
  /** A listener already held {@code maxPending} connections that had not sent a frame. */
  PENDING_LIMIT("pending_limit"),
  /** A connection did not finish the handshake and send its first frame within {@code pendingTimeout}. */
  PENDING_TIMEOUT("pending_timeout"),
  /** A dialer refused the ring file its listener named. */
  RING_FILE("ring_file");

  static final String METER = "backchannel.shm.refusals";

  private final String tag;

  ShmRefusals(String tag) {
    this.tag = tag;
  }

  String tag() {
    return tag;
  }

  void count() {
    // Looked up each time: a registry added to the global one later still sees it.
    Counter.builder(METER).tag("reason", tag).description("connections shm refused before RSocket saw them")
        .register(Metrics.globalRegistry).increment();
  }
}
