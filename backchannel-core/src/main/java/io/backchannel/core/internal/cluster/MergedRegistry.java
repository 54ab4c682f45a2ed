package io.backchannel.core.internal.cluster;

import io.backchannel.core.cluster.ClusterEntry;
import io.backchannel.core.internal.session.Session;
import io.backchannel.core.internal.session.SessionRegistry;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeSelector;
import io.backchannel.core.node.Registry;
import io.backchannel.core.node.RegistryListener;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a cluster console's {@code registry()} lists: its own sessions, then the live nodes of
 * other consoles that it does not hold itself, each once and marked with its holder ({@link
 * NodeInfo#console()}). A node held here always wins over a remote entry of the same id; the
 * connections of fellow consoles are not listed. Listener
 * events are those of this console's own sessions. Thread-safe.
 */
public final class MergedRegistry implements Registry {
  private final SessionRegistry local;
  private final ClusterView remote;

  MergedRegistry(SessionRegistry local, ClusterView remote) {
    this.local = local;
    this.remote = remote;
  }

  @Override
  public List<NodeInfo> nodes(NodeSelector selector) {
    List<NodeInfo> result = new ArrayList<>();
    Set<String> held = new HashSet<>();
    for (Session session : local.sessions(selector)) {
      held.add(session.nodeId());
      if (!session.isConsole()) { // a fellow console is not a node of the cluster
        result.add(session.remote());
      }
    }
    for (NodeInfo node : remote.nodes(selector)) {
      if (!held.contains(node.nodeId()) && local.session(node.nodeId()) == null) {
        result.add(node);
      }
    }
    return result;
  }

  @Override
  public boolean isDraining(String nodeId) {
    if (local.session(nodeId) != null) {
      return local.isDraining(nodeId);
    }
    ClusterEntry entry = remote.entry(nodeId);
    return entry != null && entry.draining();
  }

  @Override
  public void addListener(RegistryListener listener) {
    local.addListener(listener);
  }

  @Override
  public void removeListener(RegistryListener listener) {
    local.removeListener(listener);
  }
}
