package io.backchannel.core.cluster;

import java.util.Objects;

/**
 * What a {@link ClusterEntry} is stored under: one node's session on one console. The holder is
 * part of the key so that a console's tombstone never removes another console's entry of a node
 * that moved ({@code docs/cluster.md}).
 *
 * @param tenant the node's tenant
 * @param nodeId the node's id
 * @param console the node id of the console holding the session
 */
public record EntryKey(String tenant, String nodeId, String console) {
  public EntryKey {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(console, "console");
  }
}
