package io.backchannel.core;

import io.backchannel.core.internal.assembly.PeerParts;
import io.backchannel.core.internal.config.PeerSettings;
import io.backchannel.core.internal.connect.Binder;
import io.backchannel.core.internal.connect.Dialer;
import io.backchannel.core.internal.connect.ReconnectingLink;
import io.backchannel.core.internal.dispatch.InboundLimiter;
import io.backchannel.core.internal.metrics.PeerMetrics;
import io.backchannel.core.internal.proxy.CallerSettings;
import io.backchannel.core.internal.proxy.ProxyHandler;
import io.backchannel.core.internal.routing.Broadcast;
import io.backchannel.core.internal.routing.Router;
import io.backchannel.core.internal.session.LocalNode;
import io.backchannel.core.internal.session.Session;
import io.backchannel.core.internal.session.SessionControl;
import io.backchannel.core.internal.session.SessionRegistry;
import io.backchannel.core.internal.cluster.ClusterMember;
import io.backchannel.core.cluster.ClusterStatus;
import io.backchannel.core.node.Connection;
import io.backchannel.core.node.Link;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeResult;
import io.backchannel.core.node.NodeSelector;
import io.backchannel.core.node.Registry;
import io.backchannel.core.node.Target;
import io.rsocket.Closeable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A Backchannel node: it may listen on any number of URIs, dial any number of peers, export
 * services, and call the services of every node it is connected to, whichever side dialed. A peer
 * that only dials opens no listening socket. A peer that listens authenticates every node that
 * connects and keeps them in its {@link #registry()}; with {@link PeerBuilder#hub} set on the
 * nodes that dial it, it relays calls between them.
 *
 * <pre>{@code
 * Peer sidecar = Peer.builder().nodeId("sidecar-1").credential(token)
 *     .export(Worker.class, new WorkerImpl()).build();
 * Link link = sidecar.connect("tcp://console.example:7000");
 * ConsoleApi console = link.proxy(ConsoleApi.class); // follows the link across reconnects
 * }</pre>
 *
 * <p>Thread-safe. {@link #dial}, {@link #listen}, {@link #leave} and {@link #close} block the
 * calling thread (each with a deadline) and must not be called on an I/O thread. Handlers run on
 * the peer's executor (virtual threads by default), never on an I/O thread.
 */
public final class Peer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Peer.class);

  private final PeerSettings settings;
  private final LocalNode self;
  private final @Nullable ExecutorService ownedExecutor;
  private final Scheduler scheduler;
  private final InboundLimiter limiter;
  private final PeerMetrics metrics;
  private final SessionRegistry registry;
  private final Registry listed;
  private final @Nullable ClusterMember cluster;
  private final SessionControl control;
  private final CallerSettings callers;
  private final Router router;
  private final Dialer dialer;
  private final @Nullable Binder binder;
  private final List<BoundServer> servers = new CopyOnWriteArrayList<>();
  private final List<ReconnectingLink> links = new CopyOnWriteArrayList<>();
  private final Disposable loadReports;
  private volatile boolean closed;

  Peer(PeerSettings settings) {
    this.settings = settings;
    PeerParts parts = PeerParts.assemble(settings, () -> closed, this::listenerUris);
    this.self = parts.self();
    this.ownedExecutor = parts.ownedExecutor();
    this.scheduler = parts.scheduler();
    this.limiter = parts.limiter();
    this.metrics = parts.metrics();
    this.registry = parts.registry();
    this.control = parts.control();
    this.callers = parts.callers();
    this.router = parts.router();
    this.dialer = parts.dialer();
    this.binder = parts.binder();
    this.listed = parts.listed();
    this.cluster = parts.cluster();
    long period = settings.loadReportInterval().toMillis();
    this.loadReports = Schedulers.parallel().schedulePeriodically(control::reportLoad, period, period, TimeUnit.MILLISECONDS);
  }

  /** Starts configuring a peer. */
  public static PeerBuilder builder() {
    return new PeerBuilder();
  }

  /** This node as others see it. */
  public NodeInfo node() {
    return self.info();
  }

  /**
   * The nodes connected to this peer; in a console cluster ({@link PeerBuilder#cluster}) also the
   * live nodes of the other consoles, each once, marked with the console that holds it.
   */
  public Registry registry() {
    return listed;
  }

  /** How this console sees its cluster, if it is a member of one ({@link PeerBuilder#cluster}). */
  public Optional<ClusterStatus> cluster() {
    return cluster == null ? Optional.empty() : Optional.of(cluster.status());
  }

  /**
   * Exports {@code implementation} as the remote service {@code type}; connected nodes can call it
   * at once and are told of the new service.
   *
   * @throws IllegalArgumentException if the interface is invalid (the message names the method)
   *     or one of its routes is already exported
   */
  public <T> void export(Class<T> type, T implementation) {
    self.services().export(Objects.requireNonNull(type, "type"), Objects.requireNonNull(implementation, "implementation"));
    control.announce();
  }

  /** Replaces this node's tags and tells every connected node, without reconnecting. */
  public void updateTags(Map<String, String> tags) {
    if (tags.containsKey("role")) {
      throw new IllegalArgumentException("tag key 'role' is reserved; set the role with PeerBuilder.role(...)");
    }
    self.tags(tags);
    control.announce();
  }

  /**
   * A proxy of the remote service {@code type} whose calls go to {@code target}, resolved at each
   * call (or to the target of an enclosing {@link CallOptions#target}).
   *
   * @throws IllegalArgumentException if the interface is invalid (the message names the method)
   */
  public <T> T proxy(Class<T> type, Target target) {
    Objects.requireNonNull(type, "type");
    return ProxyHandler.create(type, router.resolver(Objects.requireNonNull(target, "target")), callers);
  }

  /**
   * Calls every connected, non-draining node matching {@code selector} in parallel and collects
   * each node's result or failure, in node id order. Each call has its own deadline. Blocks. A
   * console that relays between the consoles of its cluster ({@link PeerBuilder#consoleRole}) also
   * calls the nodes the other consoles hold.
   */
  public <T, R> List<NodeResult<R>> broadcast(Class<T> type, NodeSelector selector, Function<? super T, ? extends R> call) {
    return Broadcast.call(router.broadcastTargets(selector), type, call, callers);
  }

  /** The open connection to {@code nodeId}, if any. */
  public Optional<Connection> connection(String nodeId) {
    return Optional.ofNullable(registry.session(nodeId));
  }

  /** Every open connection, dialed or accepted. */
  public List<Connection> connections() {
    return List.copyOf(registry.sessions(NodeSelector.any()));
  }

  /**
   * Listens on {@code uri}, e.g. {@code tcp://0.0.0.0:7000}, {@code ws://127.0.0.1:0/rpc} or
   * {@code local:console}. Port 0 picks a free port; {@link Server#uri()} tells which.
   *
   * @throws IllegalArgumentException if no transport supports the URI or it is malformed
   * @throws IllegalStateException if this peer has no authenticator, or binding failed
   */
  public Server listen(String uri) {
    ensureOpen();
    Binder bound = binder;
    if (bound == null) {
      throw new IllegalStateException("node " + settings.nodeId() + " cannot listen without an authenticator: set "
          + "PeerBuilder.authenticator(...), or Authenticator.insecureAllowAll() where anyone may connect");
    }
    Binder.Bound server = bound.bind(uri);
    BoundServer listening = new BoundServer(server.uri(), server.server());
    servers.add(listening);
    return listening;
  }

  /**
   * Dials {@code uri} once and returns when the other node has accepted and identified itself. Both
   * sides can then call each other over the connection. If this peer names the other node as its
   * {@link PeerBuilder#hub hub}, calls to nodes it has no connection to are relayed through it. See
   * {@link #connect} to stay connected.
   *
   * @throws IllegalArgumentException if no transport supports the URI or it is malformed
   * @throws io.backchannel.NotConnectedException if the node cannot be reached within the connect timeout
   * @throws io.backchannel.PeerRejectedException if the node refused this one, or this one refused the
   *     node for its certificate or its claims ({@link PeerBuilder#verifyListeners}); the reason is in the message
   * @throws IllegalStateException if called on an I/O thread or after {@link #close()}
   */
  public Connection dial(String uri) {
    ensureOpen();
    return dialer.dial(uri);
  }

  /**
   * Keeps a connection to {@code uri} up: dials now and again whenever it closes or a dial fails,
   * with exponential backoff and jitter, re-authenticating each time. Returns at once; {@link
   * Link#proxy} gives a proxy that follows the link across reconnects. The same as {@link
   * #connect(List) connect(List.of(uri))}.
   *
   * @throws IllegalArgumentException if the URI is malformed
   */
  public Link connect(String uri) {
    return connect(List.of(Objects.requireNonNull(uri, "uri")));
  }

  /**
   * Keeps a connection to one of {@code uris} up, for nodes that any of several listeners (the
   * consoles of a cluster) can serve. The first dial goes to a random URI of the list, spreading
   * nodes over the listeners; each failed dial and each closed connection moves on to the next URI
   * in list order, wrapping around, and the backoff grows once per round through the list. Each
   * dial is a fresh SETUP: a connection never resumes at another listener than the one that took
   * it. Calls in flight when a connection drops fail with {@link
   * io.backchannel.ConnectionLostException}; the link's proxy sends later calls over the next
   * connection. A DNS name is one entry, however many addresses it resolves to (the TCP and
   * WebSocket transports try those in the resolver's order within one dial): list the listeners to
   * spread nodes over them and to fail over between them in a known order.
   *
   * @throws IllegalArgumentException if {@code uris} is empty or one of them is malformed
   */
  public Link connect(List<String> uris) {
    ensureOpen();
    ReconnectingLink link = new ReconnectingLink(dialer, metrics, callers, uris, settings.reconnectMin(),
        settings.reconnectMax());
    links.add(link);
    return link;
  }

  /**
   * Leaves gracefully: tells every connected node that this one is leaving (they route it nothing
   * new), lets the calls it is serving finish for at most {@code grace}, then closes.
   */
  public void leave(Duration grace) {
    if (closed) {
      return;
    }
    links.forEach(ReconnectingLink::stopRedialing);
    control.leaving();
    try {
      if (!limiter.awaitIdle(grace.toMillis())) {
        LOG.warn("node {} left with {} calls still running after {}", settings.nodeId(), limiter.inFlight(), grace);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
  }

  /**
   * Closes every listener, link and connection, and removes this peer's meters; calls in flight
   * fail with {@link io.backchannel.ConnectionLostException}. Idempotent; waits up to the connect
   * timeout for connections to close.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    loadReports.dispose();
    if (cluster != null) {
      cluster.close(); // withdraws this console's entries while its sessions still stand
    }
    links.forEach(ReconnectingLink::close);
    servers.forEach(BoundServer::close);
    List<Session> open = registry.close();
    open.forEach(Session::close);
    for (Session session : open) {
      try {
        session.onClose().get(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.warn("connection to {} did not close within {}", session.nodeId(), settings.connectTimeout());
        break;
      }
    }
    scheduler.dispose();
    callers.deadlines().close();
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
    metrics.close();
  }

  @Override
  public String toString() {
    return "Peer[" + settings.nodeId() + "]";
  }

  /** The URIs this peer listens on now that another node can dial: not those bound to a wildcard address. */
  private List<String> listenerUris() {
    List<String> uris = new ArrayList<>();
    for (BoundServer server : servers) {
      String host = server.uri().getHost();
      boolean wildcard = host != null && (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]"));
      if (!server.server().isDisposed() && !wildcard) {
        uris.add(server.uri().toString());
      }
    }
    return uris;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  /** A started server transport. */
  private record BoundServer(URI uri, Closeable server) implements Server {
    @Override
    public void close() {
      server.dispose();
    }
  }
}
