package io.backchannel.cli.node;

import java.time.Duration;

/** Settings the console and the sidecar share. */
final class Nodes {
  /**
   * Calls slower than this log a warning. Above the 1 s default because the first calls of a
   * freshly started JVM on a busy machine take over a second (class loading, codec set-up), and
   * that is not worth a warning in every demo run.
   */
  static final Duration SLOW_CALL = Duration.ofSeconds(5);

  private Nodes() {}
}
