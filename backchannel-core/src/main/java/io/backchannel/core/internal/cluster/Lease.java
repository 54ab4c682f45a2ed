package io.backchannel.core.internal.cluster;

import java.util.List;

/**
 * What keeps a console's entries live: its incarnation, and how many of the reader's own
 * heartbeats the reader had read when it last read this console's heartbeat. Counting in the
 * reader's own heartbeats rather than in time means that a reader cut off from its store expires
 * nobody: it reads no heartbeat at all, its own included. It also keeps where the console takes
 * relays from the others.
 */
record Lease(long incarnation, long renewedAtRound, List<String> addresses) {
  /** Whether this lease keeps an entry of {@code incarnation} live when the reader is at {@code round}. */
  boolean covers(long incarnation, long round) {
    return this.incarnation == incarnation && !expiredAt(round);
  }

  boolean expiredAt(long round) {
    return round - renewedAtRound > ClusterView.ROUNDS;
  }
}
