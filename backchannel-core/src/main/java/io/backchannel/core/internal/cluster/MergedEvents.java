package io.backchannel.core.internal.cluster;

import io.backchannel.core.cluster.ClusterEntry;
import io.backchannel.core.internal.session.Session;
import io.backchannel.core.internal.session.SessionRegistry;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.RegistryListener;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener events of a cluster console's merged registry: this console's own sessions' events
 * exactly as its {@link SessionRegistry} gives them, and, for each node of another console, the
 * changes of the entry listed for it: it appears ({@code onOnline}), changes or moves to another
 * console ({@code onUpdated}, with the new {@link NodeInfo#console()}), or goes ({@code onOffline}).
 *
 * <p>A session held here hides the remote listing of its node id, as in {@link MergedRegistry}:
 * while it is up the node's remote entries give no event; its {@code onOnline} may follow a
 * remote {@code onOnline} (as a replacement does), and when it closes and a remote entry is still
 * live, {@code onOffline} is followed by {@code onOnline} at the remote holder. A fellow console's
 * session is not listed, so its events are not told (it still hides remote entries of its id).
 *
 * <p>Everything runs on the registry's listener thread: local events reach this object there, in
 * order, as a listener of the registry; remote changes are applied there by a drain task ({@link
 * SessionRegistry#afterQueuedEvents}) that reads which nodes the view marked changed. So the
 * events of one node are in order, and a local {@code onOffline} comes before the remote listing
 * it uncovers. Bounded: at most one drain is queued at a time, and the state kept is per node
 * listed; a node that changed several times between two drains is told its latest state once.
 */
final class MergedEvents implements RegistryListener {
  private static final Logger LOG = LoggerFactory.getLogger(MergedEvents.class);

  private final SessionRegistry local;
  private final ClusterView view;
  private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean drainQueued = new AtomicBoolean();
  /** What the listeners were told, by node id; touched on the listener thread only. */
  private final Map<String, Told> told = new HashMap<>();

  MergedEvents(SessionRegistry local, ClusterView view) {
    this.local = local;
    this.view = view;
  }

  void addListener(RegistryListener listener) {
    listeners.add(listener);
  }

  void removeListener(RegistryListener listener) {
    listeners.remove(listener);
  }

  /** The view marked nodes changed: compare them on the listener thread. Any thread; never blocks. */
  void viewChanged() {
    if (drainQueued.compareAndSet(false, true)) {
      local.afterQueuedEvents(this::drain);
    }
  }

  @Override
  public void onOnline(NodeInfo node) {
    Told state = told.computeIfAbsent(node.nodeId(), id -> new Told());
    Session session = local.session(node.nodeId());
    // Decided once per session: the session may be gone already by now, and then it is told.
    state.localUnlisted = session != null && session.isConsole();
    for (Map.Entry<String, Listing> remote : state.remote.entrySet()) {
      if (!remote.getKey().equals(node.tenant())) {
        fire(listener -> listener.onOffline(remote.getValue().node())); // hidden from now on
      }
      state.hidden.add(remote.getKey());
    }
    state.remote.clear();
    state.local = node;
    if (!state.localUnlisted) {
      fire(listener -> listener.onOnline(node));
    }
  }

  @Override
  public void onUpdated(NodeInfo node) {
    Told state = told.computeIfAbsent(node.nodeId(), id -> new Told());
    state.local = node;
    if (!state.localUnlisted) {
      fire(listener -> listener.onUpdated(node));
    }
  }

  @Override
  public void onOffline(NodeInfo node) {
    Told state = told.computeIfAbsent(node.nodeId(), id -> new Told());
    state.local = null;
    if (!state.localUnlisted) {
      fire(listener -> listener.onOffline(node));
    }
    state.localUnlisted = false;
    Set<String> tenants = new LinkedHashSet<>(state.hidden);
    tenants.add(node.tenant());
    state.hidden.clear();
    for (String tenant : tenants) {
      compare(new NodeKey(tenant, node.nodeId()));
    }
    forgetIfEmpty(node.nodeId());
  }

  private void drain() {
    drainQueued.set(false); // before taking: a change marked after this queues the next drain
    ClusterView.Changes changes = view.takeChanged();
    Set<NodeKey> nodes = new LinkedHashSet<>(changes.nodes());
    if (changes.all()) {
      told.forEach((id, node) -> {
        node.remote.keySet().forEach(tenant -> nodes.add(new NodeKey(tenant, id)));
        node.hidden.forEach(tenant -> nodes.add(new NodeKey(tenant, id)));
      });
    }
    for (NodeKey node : nodes) {
      compare(node);
      forgetIfEmpty(node.nodeId());
    }
  }

  /** Tells the listeners how the remote listing of {@code key} differs from what they were told. */
  private void compare(NodeKey key) {
    ClusterEntry entry = view.locate(key.tenant(), key.nodeId());
    Told node = told.computeIfAbsent(key.nodeId(), id -> new Told());
    if (node.local != null) {
      if (entry != null) {
        node.hidden.add(key.tenant());
      } else {
        node.hidden.remove(key.tenant());
      }
      return;
    }
    Listing now = entry == null ? null : new Listing(entry.node().heldBy(entry.console()), entry.draining());
    Listing before = now == null ? node.remote.remove(key.tenant()) : node.remote.put(key.tenant(), now);
    if (now == null) {
      if (before != null) {
        fire(listener -> listener.onOffline(before.node()));
      }
    } else if (before == null) {
      fire(listener -> listener.onOnline(now.node()));
    } else if (!before.equals(now)) {
      fire(listener -> listener.onUpdated(now.node()));
    }
  }

  private void forgetIfEmpty(String nodeId) {
    Told node = told.get(nodeId);
    if (node != null && node.local == null && node.remote.isEmpty() && node.hidden.isEmpty()) {
      told.remove(nodeId);
    }
  }

  /** Calls every listener with {@code event}; one that throws is logged and does not stop the others. */
  private void fire(Consumer<RegistryListener> event) {
    for (RegistryListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        LOG.warn("registry listener threw", e);
      }
    }
  }

  /** One remote listing as told: the node with its holder, and whether it is draining. */
  private record Listing(NodeInfo node, boolean draining) {}

  /** What the listeners were told of one node id. */
  private static final class Told {
    /** This console's session of the node, while it is up. */
    @Nullable NodeInfo local;
    /** Whether that session is a fellow console's, which is not listed and so not told. */
    boolean localUnlisted;
    /** The remote listings told, by tenant; empty while a session here hides them. */
    final Map<String, Listing> remote = new HashMap<>(2);
    /** Tenants with a live remote listing that the session here hides. */
    final Set<String> hidden = new HashSet<>(2);
  }

  @Override
  public String toString() {
    return "merged registry events";
  }
}
