package io.backchannel.core.internal.cluster;

import io.backchannel.core.cluster.ClusterEntry;
import io.backchannel.core.cluster.ClusterStatus;
import io.backchannel.core.cluster.ClusterStore;
import io.backchannel.core.cluster.EntryKey;
import io.backchannel.core.cluster.Heartbeat;
import io.backchannel.core.internal.connect.ReconnectingLink;
import io.backchannel.core.internal.session.Session;
import io.backchannel.core.internal.session.SessionRegistry;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeSelector;
import io.backchannel.core.node.RegistryListener;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This console as a member of its cluster: publishes each node it holds to the store (and
 * withdraws it when it closes), heartbeats every {@code ttl / 3}, and on the same tick sweeps the
 * view, reaps dead entries, republishes own entries that someone else reaped or whose load changed
 * much, and, when it relays between consoles, links to every other live console.
 *
 * <p>Registry events arrive one at a time on the peer's executor; the tick runs on one daemon
 * thread of its own ({@code bc-<console>-cluster}). Own entries are kept per open session, so they
 * are bounded by the registry's sessions.
 */
public final class ClusterMember implements RegistryListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);
  /** At most this many entries of other consoles are kept; records beyond are dropped. */
  static final int MAX_REMOTE_ENTRIES = 100_000;
  /** At most this many consoles are followed. */
  static final int MAX_CONSOLES = 1_024;

  private final ClusterStore store;
  private final SessionRegistry registry;
  private final String self;
  private final long incarnation;
  private final ClusterView view;
  /** At most this many entries are republished per tick for a changed load, so load costs the store little. */
  static final int MAX_LOAD_UPDATES_PER_TICK = 1_000;

  private final Map<NodeKey, ClusterEntry> published = new ConcurrentHashMap<>(); // own, as last published
  private final ScheduledExecutorService ticker;
  private final @Nullable ConsoleLinks links;
  private final @Nullable ClusterRoutes routes;
  private final Supplier<List<String>> addresses;
  private volatile boolean closed;

  /**
   * @param ttl how long a console's entries outlive its last heartbeat read
   * @param nanoClock the monotonic clock leases are measured on
   * @param connect starts a link to one of the given URIs of another console; null relays no call
   *     between consoles (the other consoles' nodes are listed, not callable)
   * @param addresses where the other consoles dial this one, published with each heartbeat
   */
  public ClusterMember(ClusterStore store, SessionRegistry registry, String self, Duration ttl, LongSupplier nanoClock,
      @Nullable Function<List<String>, ReconnectingLink> connect, Supplier<List<String>> addresses) {
    this.store = store;
    this.registry = registry;
    this.self = self;
    this.incarnation = new SecureRandom().nextLong();
    this.view = new ClusterView(self, incarnation, ttl.toNanos(), nanoClock, MAX_REMOTE_ENTRIES, MAX_CONSOLES);
    this.links = connect == null ? null : new ConsoleLinks(connect);
    this.routes = links == null ? null : new ClusterRoutes(view, links);
    this.addresses = connect == null ? List::of : addresses;
    this.ticker = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name("bc-" + self + "-cluster").factory());
    long period = Math.max(1, ttl.toMillis() / 3);
    // Subscribe and heartbeat before publishing, so others have this incarnation's lease first.
    store.subscribe(view);
    store.heartbeat(heartbeat());
    registry.addListener(this);
    registry.sessions(NodeSelector.anyTenant()).forEach(session -> publish(session, true));
    ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  /** The merged registry: this console's sessions and the live nodes of the others. */
  public MergedRegistry registryView() {
    return new MergedRegistry(registry, view);
  }

  public ClusterStatus status() {
    return view;
  }

  /** How calls reach the other consoles' nodes; null when this console relays no call between consoles. */
  public @Nullable ClusterRoutes routes() {
    return routes;
  }

  /**
   * Whether {@code session} is one of the nodes this console holds for the cluster: one it
   * authenticated (a dialed node's identity is only its claim) and not a fellow console.
   */
  private static boolean published(Session session) {
    return !session.isDialed() && !session.isConsole();
  }

  private Heartbeat heartbeat() {
    return new Heartbeat(self, incarnation, addresses.get());
  }

  @Override
  public void onOnline(NodeInfo node) {
    Session session = registry.session(node.nodeId());
    if (session != null) {
      publish(session, true);
    }
  }

  @Override
  public void onUpdated(NodeInfo node) {
    Session session = registry.session(node.nodeId());
    if (session != null) {
      publish(session, false);
    }
  }

  @Override
  public void onOffline(NodeInfo node) {
    if (published.remove(new NodeKey(node.tenant(), node.nodeId())) != null && !closed) {
      store.withdraw(new EntryKey(node.tenant(), node.nodeId(), self));
    }
  }

  private void publish(Session session, boolean newSession) {
    if (closed || !published(session)) {
      return;
    }
    NodeInfo node = session.remote();
    NodeKey key = new NodeKey(node.tenant(), node.nodeId());
    ClusterEntry known = newSession ? null : published.get(key);
    long epoch = known != null ? known.epoch()
        : view.nextEpoch(node.tenant(), node.nodeId(), System.currentTimeMillis());
    ClusterEntry entry = new ClusterEntry(node, self, incarnation, epoch, session.load().reportedInFlight(),
        session.load().cost(), session.isDraining());
    published.put(key, entry);
    store.publish(entry);
  }

  /**
   * Republishes the entries whose load changed much since they were published: other consoles
   * need it only to choose among nodes for least-loaded calls, so small changes stay local.
   */
  private void republishLoad() {
    int budget = MAX_LOAD_UPDATES_PER_TICK;
    for (ClusterEntry entry : published.values()) {
      if (budget == 0) {
        return;
      }
      Session session = registry.session(entry.node().nodeId());
      if (session != null && published(session) && loadChanged(entry.cost(), session.load().cost())) {
        publish(session, false);
        budget--;
      }
    }
  }

  /** Whether a cost moved by more than half, either way: least-loaded compares costs by ratio. */
  static boolean loadChanged(double was, double now) {
    return now > was * 1.5 || now < was / 1.5;
  }

  private void tick() {
    try {
      store.heartbeat(heartbeat());
      if (links != null && routes != null) {
        links.follow(view.relayAddresses());
        routes.prune();
      }
      for (EntryKey dead : view.sweep()) {
        // An earlier process's entry of a node this one holds again was overwritten: leave it.
        if (!dead.console().equals(self) || !holds(dead)) {
          store.withdraw(dead);
        }
      }
      republishLoad();
      for (EntryKey reaped : view.takeOwnTombstones()) {
        Session session = registry.session(reaped.nodeId());
        if (session != null && session.remote().tenant().equals(reaped.tenant())) {
          LOG.info("console {} still holds {}, which the cluster store dropped; publishing it again", self, reaped.nodeId());
          publish(session, false);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("cluster tick of console {} failed", self, e);
    }
  }

  private boolean holds(EntryKey key) {
    Session session = registry.session(key.nodeId());
    return session != null && session.remote().tenant().equals(key.tenant());
  }

  /** Leaves the cluster: withdraws every own entry and the heartbeat, then closes the store. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    registry.removeListener(this);
    ticker.shutdownNow();
    if (links != null) {
      links.close();
    }
    for (Session session : registry.sessions(NodeSelector.anyTenant())) {
      if (published(session)) {
        store.withdraw(new EntryKey(session.remote().tenant(), session.nodeId(), self));
      }
    }
    store.withdrawHeartbeat(self);
    closed = true;
    published.clear();
    store.close();
  }

  @Override
  public String toString() {
    return "cluster member " + self;
  }
}
