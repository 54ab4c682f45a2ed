package io.backchannel.core.internal.session;

import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeSelector;
import io.backchannel.core.node.Registry;
import io.backchannel.core.node.RegistryListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live sessions of a peer, by node id and indexed by tenant, service and tag. Changes are
 * serialised (they come from I/O threads, rarely); reads never lock. Listener events are queued
 * inside the change, in order, and delivered outside the lock on the peer's executor.
 */
public final class SessionRegistry implements Registry {
  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

  private final Map<String, Session> byNode = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> byTenant = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> byService = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> byTag = new ConcurrentHashMap<>();
  private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
  private final SerialExecutor events;
  private boolean closed;

  /** @param listenerExecutor where listeners run (the peer's executor) */
  public SessionRegistry(Executor listenerExecutor) {
    this.events = new SerialExecutor(listenerExecutor);
  }

  /**
   * Adds a session; an open session of the same tenant with the same node id is replaced and
   * closed. A session whose node id an open session of another tenant holds is refused (closed),
   * so no tenant can evict another's node; so is a session this peer dialed whose node id an open
   * session holds, as a dialed node's id is only its claim; so is any session once the registry is closed.
   *
   * @return whether the session was registered
   */
  public boolean register(Session session) {
    Session replaced;
    synchronized (this) {
      NodeInfo node = session.remote();
      if (closed || !session.isOpen() || heldByOtherTenant(node.nodeId(), node.tenant())
          || (session.isDialed() && session(node.nodeId()) != null)) {
        replaced = session;
      } else {
        replaced = byNode.put(node.nodeId(), session);
        if (replaced != null) {
          unindex(replaced.remote());
          LOG.warn("node {} connected again; the newer connection replaces the older one", node.nodeId());
        }
        index(node);
        fire(listener -> listener.onOnline(node));
      }
    }
    if (replaced == session) {
      session.close();
      return false;
    }
    if (replaced != null) {
      replaced.close();
    }
    // Hooked after onOnline: a connection that closed meanwhile still reports online, then offline.
    session.onClose().whenComplete((ignored, error) -> unregister(session));
    return true;
  }

  /** Whether an open session of a tenant other than {@code tenant} holds {@code nodeId}. */
  public boolean heldByOtherTenant(String nodeId, String tenant) {
    Session holder = session(nodeId);
    return holder != null && !holder.remote().tenant().equals(tenant);
  }

  private synchronized void unregister(Session session) {
    NodeInfo node = session.remote();
    if (byNode.remove(node.nodeId(), session)) {
      unindex(node);
      fire(listener -> listener.onOffline(node));
    }
  }

  /** Applies an announcement of new tags and services. */
  synchronized void announce(Session session, Map<String, String> tags, List<String> services) {
    NodeInfo old = session.remote();
    if (byNode.get(old.nodeId()) != session) {
      return;
    }
    unindex(old);
    NodeInfo updated = new NodeInfo(old.nodeId(), old.tenant(), old.role(), tags, services, old.version());
    session.identify(updated);
    index(updated);
    fire(listener -> listener.onUpdated(updated));
  }

  /** Marks a session as leaving: listed, never chosen for new calls. */
  synchronized void drain(Session session) {
    if (byNode.get(session.nodeId()) == session && !session.isDraining()) {
      session.markDraining();
      NodeInfo node = session.remote();
      fire(listener -> listener.onUpdated(node));
    }
  }

  /**
   * Refuses every later registration and returns the sessions open now, for the peer to close.
   */
  public synchronized List<Session> close() {
    closed = true;
    return sessions(NodeSelector.any());
  }

  /** The open session of {@code nodeId}, draining or not. */
  public @Nullable Session session(String nodeId) {
    Session session = byNode.get(nodeId);
    return session != null && session.isOpen() ? session : null;
  }

  /** Open sessions matching {@code selector}, found through the narrowest index. */
  public List<Session> sessions(NodeSelector selector) {
    Set<String> candidates = null;
    String tenant = selector.tenant();
    if (tenant != null) {
      candidates = narrower(candidates, byTenant.getOrDefault(tenant, Set.of()));
    }
    String service = selector.service();
    if (service != null) {
      candidates = narrower(candidates, byService.getOrDefault(service, Set.of()));
    }
    for (Map.Entry<String, String> tag : selector.tags().entrySet()) {
      candidates = narrower(candidates, byTag.getOrDefault(tag.getKey() + "=" + tag.getValue(), Set.of()));
    }
    List<Session> result = new ArrayList<>();
    for (String nodeId : candidates == null ? byNode.keySet() : candidates) {
      Session session = byNode.get(nodeId);
      if (session != null && session.isOpen() && selector.matches(session.remote())) {
        result.add(session);
      }
    }
    return result;
  }

  /** Open sessions of {@code tenant} that are (or are not) draining. */
  public int count(String tenant, boolean draining) {
    return (int) sessions(NodeSelector.any().withTenant(tenant)).stream()
        .filter(session -> session.isDraining() == draining)
        .count();
  }

  public int size() {
    return byNode.size();
  }

  @Override
  public List<NodeInfo> nodes(NodeSelector selector) {
    return sessions(selector).stream().map(Session::remote).toList();
  }

  @Override
  public boolean isDraining(String nodeId) {
    Session session = session(nodeId);
    return session != null && session.isDraining();
  }

  @Override
  public void addListener(RegistryListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeListener(RegistryListener listener) {
    listeners.remove(listener);
  }

  /**
   * Runs {@code task} on the listener thread, after the events queued so far and before any queued
   * later: for events that must be ordered with this registry's own (the cluster's remote nodes).
   */
  public void afterQueuedEvents(Runnable task) {
    events.execute(task);
  }

  private void index(NodeInfo node) {
    add(byTenant, node.tenant(), node.nodeId());
    node.services().forEach(service -> add(byService, service, node.nodeId()));
    node.tags().forEach((key, value) -> add(byTag, key + "=" + value, node.nodeId()));
  }

  private void unindex(NodeInfo node) {
    remove(byTenant, node.tenant(), node.nodeId());
    node.services().forEach(service -> remove(byService, service, node.nodeId()));
    node.tags().forEach((key, value) -> remove(byTag, key + "=" + value, node.nodeId()));
  }

  private static void add(Map<String, Set<String>> index, String key, String nodeId) {
    index.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(nodeId);
  }

  private static void remove(Map<String, Set<String>> index, String key, String nodeId) {
    index.computeIfPresent(key, (k, ids) -> {
      ids.remove(nodeId);
      return ids.isEmpty() ? null : ids;
    });
  }

  private static Set<String> narrower(@Nullable Set<String> current, Set<String> next) {
    return current == null || next.size() < current.size() ? next : current;
  }

  /** Queues an event for every listener registered now; called under the lock, runs outside it. */
  private void fire(Consumer<RegistryListener> event) {
    for (RegistryListener listener : listeners) {
      events.execute(() -> event.accept(listener));
    }
  }
}
