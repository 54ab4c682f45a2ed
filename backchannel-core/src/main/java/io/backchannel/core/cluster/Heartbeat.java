package io.backchannel.core.cluster;

import java.util.List;
import java.util.Objects;

/**
 * A console saying it is alive: its entries stay listed while its heartbeats keep being read.
 *
 * @param console the console's node id
 * @param incarnation the console's process, drawn at random when it started
 * @param addresses the URIs at which the other consoles dial this one to relay calls to its nodes
 *     (empty when it takes no relays); a store record is not a credential, so a console dialing one
 *     proves itself and, with {@code PeerBuilder.verifyListeners}, checks the listener it reached
 */
public record Heartbeat(String console, long incarnation, List<String> addresses) {
  public Heartbeat {
    Objects.requireNonNull(console, "console");
    // Absent in records of consoles that predate relays.
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
  }

  /** A heartbeat without addresses: a console that takes no relays from the others. */
  public Heartbeat(String console, long incarnation) {
    this(console, incarnation, List.of());
  }
}
