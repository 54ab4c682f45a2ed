package io.backchannel.core.cluster;

import io.backchannel.core.node.NodeInfo;
import java.util.Objects;

/**
 * One session as a console publishes it to the cluster. Immutable.
 *
 * @param node the node, as the holding console authenticated and knows it
 * @param console the node id of the console holding the session
 * @param incarnation the holding console's process, drawn at random when it started: entries of an
 *     earlier process of the same console are dead once the new one heartbeats
 * @param epoch orders the sessions of one node across consoles: the higher one is the newer
 * @param inFlight the calls in flight the node last reported
 * @param cost the holding console's least-loaded cost of the node (lower is better)
 * @param draining whether the node announced a graceful logout
 */
public record ClusterEntry(
    NodeInfo node, String console, long incarnation, long epoch, int inFlight, double cost, boolean draining) {
  public ClusterEntry {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(console, "console");
  }

  /** The key this entry is stored under. */
  public EntryKey key() {
    return new EntryKey(node.tenant(), node.nodeId(), console);
  }
}
