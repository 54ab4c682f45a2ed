package io.backchannel.core.cluster;

import java.util.Objects;

/**
 * A console saying it is alive: its entries stay listed while its heartbeats keep being read.
 *
 * @param console the console's node id
 * @param incarnation the console's process, drawn at random when it started
 */
public record Heartbeat(String console, long incarnation) {
  public Heartbeat {
    Objects.requireNonNull(console, "console");
  }
}
