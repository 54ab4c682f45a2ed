package io.backchannel.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live sessions of a peer, by node id and indexed by tenant, service and tag. Changes are
 * serialised (they come from I/O threads, rarely); reads never lock. Listeners are called inside
 * the change, so each node's events arrive in order.
 */
final class SessionRegistry implements Registry {
  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Peer peer;
  private final Map<String, PeerConnection> byNode = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> byTenant = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> byService = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> byTag = new ConcurrentHashMap<>();
  private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();

  SessionRegistry(Peer peer) {
    this.peer = peer;
  }

  /**
   * Adds a session; an open session of the same tenant with the same node id is replaced and
   * closed. A session whose node id an open session of another tenant holds is refused (closed),
   * so no tenant can evict another's node; so is any session once the peer is closing.
   *
   * @return whether the session was registered
   */
  synchronized boolean register(PeerConnection connection) {
    NodeInfo node = connection.remote();
    if (peer.isClosed() || !connection.isOpen() || heldByOtherTenant(node.nodeId(), node.tenant())) {
      connection.close();
      return false;
    }
    PeerConnection previous = byNode.put(node.nodeId(), connection);
    if (previous != null && previous != connection) {
      unindex(previous.remote());
      LOG.warn("node {} connected again; the newer connection replaces the older one", node.nodeId());
      previous.close();
    }
    index(node);
    fire(listener -> listener.onOnline(node));
    // Hooked after onOnline: a connection that closed meanwhile still reports online, then offline.
    connection.onClose().whenComplete((ignored, error) -> unregister(connection));
    return true;
  }

  /** Whether an open session of a tenant other than {@code tenant} holds {@code nodeId}. */
  boolean heldByOtherTenant(String nodeId, String tenant) {
    PeerConnection holder = session(nodeId);
    return holder != null && !holder.remote().tenant().equals(tenant);
  }

  private synchronized void unregister(PeerConnection connection) {
    NodeInfo node = connection.remote();
    if (byNode.remove(node.nodeId(), connection)) {
      unindex(node);
      fire(listener -> listener.onOffline(node));
    }
  }

  /** Applies an announcement of new tags and services. */
  synchronized void announce(PeerConnection connection, Map<String, String> tags, List<String> services) {
    NodeInfo old = connection.remote();
    if (byNode.get(old.nodeId()) != connection) {
      return;
    }
    unindex(old);
    NodeInfo updated = old.withAnnouncement(tags, services);
    connection.identify(updated);
    index(updated);
    fire(listener -> listener.onUpdated(updated));
  }

  /** Marks a session as leaving: listed, never chosen for new calls. */
  synchronized void drain(PeerConnection connection) {
    if (byNode.get(connection.nodeId()) == connection && !connection.isDraining()) {
      connection.markDraining();
      NodeInfo node = connection.remote();
      fire(listener -> listener.onUpdated(node));
    }
  }

  /** The open session of {@code nodeId}, draining or not. */
  @Nullable PeerConnection session(String nodeId) {
    PeerConnection connection = byNode.get(nodeId);
    return connection != null && connection.isOpen() ? connection : null;
  }

  /** Open sessions matching {@code selector}, found through the narrowest index. */
  List<PeerConnection> sessions(NodeSelector selector) {
    Set<String> candidates = null;
    if (selector.tenant() != null) {
      candidates = narrower(candidates, byTenant.getOrDefault(selector.tenant(), Set.of()));
    }
    if (selector.service() != null) {
      candidates = narrower(candidates, byService.getOrDefault(selector.service(), Set.of()));
    }
    for (Map.Entry<String, String> tag : selector.tags().entrySet()) {
      candidates = narrower(candidates, byTag.getOrDefault(tag.getKey() + "=" + tag.getValue(), Set.of()));
    }
    List<PeerConnection> result = new ArrayList<>();
    for (String nodeId : candidates == null ? byNode.keySet() : candidates) {
      PeerConnection connection = byNode.get(nodeId);
      if (connection != null && connection.isOpen() && selector.matches(connection.remote())) {
        result.add(connection);
      }
    }
    return result;
  }

  int size() {
    return byNode.size();
  }

  @Override
  public List<NodeInfo> nodes(NodeSelector selector) {
    return sessions(selector).stream().map(PeerConnection::remote).toList();
  }

  @Override
  public Optional<NodeInfo> node(String nodeId) {
    PeerConnection connection = session(nodeId);
    return connection == null ? Optional.empty() : Optional.of(connection.remote());
  }

  @Override
  public boolean isDraining(String nodeId) {
    PeerConnection connection = session(nodeId);
    return connection != null && connection.isDraining();
  }

  @Override
  public void addListener(RegistryListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeListener(RegistryListener listener) {
    listeners.remove(listener);
  }

  /** Answers a node's listing request: only what its tenant (or cross-tenant role) lets it see. */
  byte[] visibleNodesJson(PeerConnection caller, ByteBuf selectorJson) {
    NodeSelector selector = NodeSelector.any();
    if (selectorJson.isReadable()) {
      try {
        selector = JSON.readValue((InputStream) new ByteBufInputStream(selectorJson.duplicate()), NodeSelector.class);
      } catch (IOException | RuntimeException e) {
        selector = NodeSelector.any();
      }
    }
    NodeInfo who = caller.remote();
    if (!peer.isCrossTenant(who.role())) {
      if (selector.tenant() != null && !selector.tenant().equals(who.tenant())) {
        return "[]".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
      selector = selector.withTenant(who.tenant());
    }
    try {
      return JSON.writeValueAsBytes(nodes(selector));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<NodeInfo> parseNodes(byte[] json) throws IOException {
    return List.of(JSON.readValue(json, NodeInfo[].class));
  }

  static byte[] selectorJson(NodeSelector selector) {
    try {
      return JSON.writeValueAsBytes(selector);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
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

  private void fire(java.util.function.Consumer<RegistryListener> event) {
    for (RegistryListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        LOG.warn("registry listener threw", e);
      }
    }
  }
}
