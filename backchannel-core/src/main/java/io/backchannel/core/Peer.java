package io.backchannel.core;

import io.backchannel.BackchannelException;
import io.backchannel.ConnectionLostException;
import io.backchannel.core.auth.Authenticator;
import io.backchannel.core.codec.Codec;
import io.backchannel.core.internal.call.CallLog;
import io.backchannel.core.internal.call.Deadlines;
import io.backchannel.core.internal.call.IoThreads;
import io.backchannel.core.internal.call.RequestIds;
import io.backchannel.core.internal.dispatch.DispatchSettings;
import io.backchannel.core.internal.dispatch.Dispatcher;
import io.backchannel.core.internal.dispatch.InboundLimiter;
import io.backchannel.core.internal.dispatch.ServiceRegistry;
import io.backchannel.core.internal.proxy.CallTarget;
import io.backchannel.core.internal.proxy.CallerSettings;
import io.backchannel.core.internal.proxy.ProxyHandler;
import io.backchannel.core.internal.proxy.TargetResolver;
import io.backchannel.core.internal.wire.Control;
import io.backchannel.core.internal.wire.ErrorMapping;
import io.backchannel.core.internal.wire.Hello;
import io.backchannel.core.internal.wire.MimeTypes;
import io.backchannel.core.internal.wire.PayloadCodec;
import io.backchannel.core.internal.wire.RequestMetadata;
import io.backchannel.core.transport.TransportFactory;
import io.backchannel.core.transport.Transports;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.rsocket.Closeable;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketConnector;
import io.rsocket.core.RSocketServer;
import io.rsocket.core.Resume;
import io.rsocket.frame.decoder.PayloadDecoder;
import io.rsocket.transport.ClientTransport;
import io.rsocket.transport.ServerTransport;
import io.rsocket.util.ByteBufPayload;
import io.rsocket.util.DefaultPayload;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * A Backchannel node: it may listen on any number of URIs, dial any number of peers, export
 * services, and call the services of every node it is connected to, whichever side dialed. A peer
 * that only dials opens no listening socket. A peer that listens authenticates every node that
 * connects and keeps them in its {@link #registry()}; it can relay calls between them (as a hub).
 *
 * <pre>{@code
 * Peer sidecar = Peer.builder().nodeId("sidecar-1").credential(token)
 *     .service(Worker.class, new WorkerImpl()).build();
 * Link link = sidecar.connect("tcp://console.example:7000");
 * ConsoleApi console = link.awaitConnection(Duration.ofSeconds(10)).proxy(ConsoleApi.class);
 * }</pre>
 *
 * <p>Thread-safe. {@link #dial}, {@link #listen}, {@link #leave} and {@link #close} block the
 * calling thread (each with a deadline) and must not be called on an I/O thread. Handlers run on
 * the peer's executor (virtual threads by default), never on an I/O thread.
 */
public final class Peer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Peer.class);
  private static final String VERSION = "0.1";
  /** RSocket frames above this need fragmentation on the Netty transports (3-byte length field). */
  private static final int UNFRAGMENTED_LIMIT = 16 * 1024 * 1024 - 1024;

  private final String nodeId;
  private final String tenant;
  /** The tenant this node claims in SETUP; null lets its credential decide. */
  private final @Nullable String claimedTenant;
  private final String role;
  private volatile Map<String, String> tags;
  private final Codec dialCodec;
  private final Map<String, Codec> codecs;
  private final @Nullable Supplier<String> credentials;
  private final @Nullable Authenticator authenticator;
  private final Set<String> crossTenantRoles;
  private final ServiceRegistry services = new ServiceRegistry();
  private final @Nullable ExecutorService ownedExecutor;
  private final Scheduler scheduler;
  private final InboundLimiter limiter;
  private final DispatchSettings dispatchSettings;
  private final CallerSettings callerSettings;
  private final PeerMetrics metrics;
  private final SessionRegistry sessions = new SessionRegistry(this);
  private final Router router = new Router(this);
  private final PeerBuilder config;
  private final ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
  private final List<BoundListener> listeners = new CopyOnWriteArrayList<>();
  private final List<ReconnectingLink> links = new CopyOnWriteArrayList<>();
  private final Disposable loadReports;
  private volatile boolean closed;

  Peer(PeerBuilder builder) {
    this.config = builder.copy();
    builder = this.config;
    this.nodeId = builder.nodeId;
    this.claimedTenant = builder.tenant;
    this.tenant = builder.tenant == null ? io.backchannel.core.auth.Principal.DEFAULT_TENANT : builder.tenant;
    this.role = builder.role;
    this.tags = Map.copyOf(builder.tags);
    this.dialCodec = builder.codec;
    this.codecs = Map.copyOf(builder.codecs);
    this.credentials = builder.credentials;
    this.authenticator = builder.authenticator;
    this.crossTenantRoles = Set.copyOf(builder.crossTenantRoles);
    for (PeerBuilder.Export<?> export : builder.exports) {
      exportUnchecked(export);
    }
    java.util.concurrent.Executor executor = builder.executor;
    if (executor == null) {
      ownedExecutor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("bc-" + nodeId + "-", 0).factory());
      executor = ownedExecutor;
    } else {
      ownedExecutor = null;
    }
    this.scheduler = Schedulers.fromExecutor(executor, true);
    this.limiter = new InboundLimiter(builder.maxConcurrentCalls);
    this.metrics = new PeerMetrics(builder.meterRegistry);
    CallLog log = new CallLog(builder.slowCallThreshold, builder.slowCallListener, metrics, builder.ticker);
    Deadlines deadlines = new Deadlines(builder.ticker);
    this.dispatchSettings = new DispatchSettings(
        services, executor, scheduler, limiter, log, builder.defaultDeadline, () -> hello().toJson(), deadlines);
    this.callerSettings = new CallerSettings(scheduler, log, builder.defaultDeadline, deadlines);
    metrics.bind(this);
    long period = builder.loadReportInterval.toMillis();
    this.loadReports = Schedulers.parallel().schedulePeriodically(this::reportLoad, period, period, TimeUnit.MILLISECONDS);
  }

  /** Starts configuring a peer. */
  public static PeerBuilder builder() {
    return new PeerBuilder();
  }

  /** This node as others see it. */
  public NodeInfo node() {
    return new NodeInfo(nodeId, tenant, role, tags, services.serviceNames(), VERSION);
  }

  /** The nodes connected to this peer. */
  public Registry registry() {
    return sessions;
  }

  /**
   * Exports {@code implementation} as the remote service {@code type}; connected nodes can call it
   * at once and are told of the new service.
   *
   * @throws IllegalArgumentException if the interface is invalid (the message names the method)
   *     or one of its routes is already exported
   */
  public <T> void export(Class<T> type, T implementation) {
    services.export(Objects.requireNonNull(type, "type"), Objects.requireNonNull(implementation, "implementation"));
    announce();
  }

  /** Replaces this node's tags and tells every connected node, without reconnecting. */
  public void updateTags(Map<String, String> newTags) {
    this.tags = Map.copyOf(newTags);
    announce();
  }

  /**
   * A proxy of the remote service {@code type} whose calls go to {@code target}, resolved at each
   * call (or to the target of an enclosing {@link CallOptions#target}).
   *
   * @throws IllegalArgumentException if the interface is invalid (the message names the method)
   */
  public <T> T proxy(Class<T> type, Target target) {
    Objects.requireNonNull(type, "type");
    TargetResolver resolver = router.resolver(Objects.requireNonNull(target, "target"));
    return ProxyHandler.create(type, new OverridableResolver(resolver), callerSettings);
  }

  /**
   * Calls every connected, non-draining node matching {@code selector} in parallel and collects
   * each node's result or failure, in node id order. Each call has its own deadline.
   */
  public <T, R> List<NodeResult<R>> broadcast(Class<T> type, NodeSelector selector, Function<? super T, ? extends R> call) {
    if (IoThreads.isCurrentNonBlocking()) {
      throw new IllegalStateException("broadcast blocks and must not run on non-blocking thread " + Thread.currentThread().getName());
    }
    List<PeerConnection> targets = sessions.sessions(selector).stream()
        .filter(connection -> !connection.isDraining())
        .sorted(Comparator.comparing(PeerConnection::nodeId))
        .toList();
    metrics.routed("broadcast", !targets.isEmpty());
    List<NodeResult<R>> results = new ArrayList<>();
    try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<R>> futures = new ArrayList<>();
      CallCarrier carrier = CallCarrier.capture();
      for (PeerConnection connection : targets) {
        T proxy = connection.proxy(type);
        futures.add(calls.submit(() -> carrier.call(() -> call.apply(proxy))));
      }
      for (int i = 0; i < targets.size(); i++) {
        String id = targets.get(i).nodeId();
        try {
          results.add(new NodeResult<>(id, futures.get(i).get(), null));
        } catch (java.util.concurrent.ExecutionException e) {
          results.add(new NodeResult<>(id, null, e.getCause()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          results.add(new NodeResult<>(id, null, e));
        }
      }
    }
    return results;
  }

  /** The open connection to {@code nodeId}, if any. */
  public java.util.Optional<Connection> connection(String nodeId) {
    return java.util.Optional.ofNullable(sessions.session(nodeId));
  }

  /** Every open connection, dialed or accepted. */
  public List<Connection> connections() {
    return sessions.sessions(NodeSelector.any()).stream().map(Connection.class::cast).toList();
  }

  /**
   * Listens on {@code uri}, e.g. {@code tcp://0.0.0.0:7000}, {@code ws://127.0.0.1:0/rpc} or
   * {@code local:console}. Port 0 picks a free port; {@link Listener#uri()} tells which.
   *
   * @throws IllegalArgumentException if no transport supports the URI or it is malformed
   * @throws IllegalStateException if this peer has no authenticator, or binding failed
   */
  public Listener listen(String uri) {
    ensureOpen();
    if (authenticator == null) {
      throw new IllegalStateException("node " + nodeId + " cannot listen without an authenticator: set "
          + "PeerBuilder.authenticator(...), or Authenticator.insecureAllowAll() where anyone may connect");
    }
    if (authenticator.isInsecure()) {
      LOG.warn("node {} listens on {} WITHOUT authentication (Authenticator.insecureAllowAll)", nodeId, uri);
    }
    URI requested = URI.create(uri);
    TransportFactory factory = Transports.forUri(requested);
    ServerTransport<? extends Closeable> transport = factory.server(requested);
    RSocketServer server = RSocketServer.create(new SetupAcceptor(this, codecs, authenticator, scheduler))
        .payloadDecoder(PayloadDecoder.ZERO_COPY)
        .interceptors(registry -> registry.forConnection(CountingConnection.interceptor(metrics)))
        .maxInboundPayloadSize(inboundLimit(transport.maxFrameLength()));
    int mtu = mtu(factory, requested);
    if (mtu > 0) {
      server.fragment(mtu);
    }
    if (config.resumeSession != null) {
      server.resume(new Resume().sessionDuration(config.resumeSession));
    }
    Closeable bound;
    try {
      bound = server.bind(transport).block(config.connectTimeout);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot listen on " + uri + ": " + message(e), Exceptions.unwrap(e));
    }
    if (bound == null) {
      throw new IllegalStateException("cannot listen on " + uri + ": transport returned no server");
    }
    BoundListener listener = new BoundListener(factory.boundUri(requested, bound), bound);
    listeners.add(listener);
    LOG.info("node {} listening on {}", nodeId, listener.uri());
    return listener;
  }

  /**
   * Dials {@code uri} once and returns when the other node has accepted and identified itself. Both
   * sides can then call each other over the connection, and the other node acts as this node's hub
   * for calls to nodes it has no connection to. See {@link #connect} to stay connected.
   *
   * @throws IllegalArgumentException if no transport supports the URI or it is malformed
   * @throws ConnectionLostException if the node cannot be reached within the connect timeout
   * @throws io.backchannel.PeerRejectedException if the node refused this one (the reason is in the message)
   * @throws IllegalStateException if called on an I/O thread or after {@link #close()}
   */
  public Connection dial(String uri) {
    ensureOpen();
    if (IoThreads.isCurrentNonBlocking()) {
      throw new IllegalStateException("dial blocks and must not run on non-blocking thread " + Thread.currentThread().getName());
    }
    URI target = URI.create(uri);
    TransportFactory factory = Transports.forUri(target);
    PeerConnection connection = newSession(dialCodec, new NodeInfo("?", "?", "?", Map.of(), List.of(), null), true);
    ClientTransport transport = factory.client(target);
    RSocketConnector connector = RSocketConnector.create()
        .metadataMimeType(MimeTypes.COMPOSITE)
        .dataMimeType(dialCodec.mimeType())
        .setupPayload(setupPayload())
        .payloadDecoder(PayloadDecoder.ZERO_COPY)
        .keepAlive(config.keepAliveInterval, config.keepAliveTimeout)
        .interceptors(registry -> registry.forConnection(CountingConnection.interceptor(metrics)))
        .acceptor(SocketAcceptor.with(dispatcher(connection)))
        .maxInboundPayloadSize(inboundLimit(transport.maxFrameLength()));
    int mtu = mtu(factory, target);
    if (mtu > 0) {
      connector.fragment(mtu);
    }
    if (config.resumeSession != null) {
      connector.resume(new Resume().sessionDuration(config.resumeSession)
          .retry(Retry.backoff(Long.MAX_VALUE, config.reconnectMin).maxBackoff(config.reconnectMax)));
    }
    RSocket socket;
    try {
      socket = connector.connect(transport).block(config.connectTimeout);
    } catch (RuntimeException e) {
      throw new ConnectionLostException("cannot connect to " + uri + ": " + message(e), null, Exceptions.unwrap(e));
    }
    if (socket == null) {
      throw new ConnectionLostException("cannot connect to " + uri + ": no connection", null, null);
    }
    connection.attach(socket);
    try {
      connection.identify(askHello(socket, uri));
    } catch (RuntimeException e) {
      socket.dispose();
      throw e;
    }
    if (!sessions.register(connection)) {
      throw new ConnectionLostException("node " + connection.nodeId() + " at " + uri + " could not be registered", null, null);
    }
    metrics.tenantSeen(connection.remote().tenant(), this);
    LOG.info("node {} connected to node {} at {}", nodeId, connection.nodeId(), uri);
    return connection;
  }

  /**
   * Keeps a connection to {@code uri} up: dials now and again whenever it closes or a dial fails,
   * with exponential backoff and jitter, re-authenticating each time. Returns at once.
   */
  public Link connect(String uri) {
    ensureOpen();
    URI.create(uri);
    ReconnectingLink link = new ReconnectingLink(this, uri, config.reconnectMin, config.reconnectMax);
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
    sessions.sessions(NodeSelector.any()).forEach(connection -> connection.push(Control.leaving()));
    try {
      if (!limiter.awaitIdle(grace.toMillis())) {
        LOG.warn("node {} left with {} calls still running after {}", nodeId, limiter.inFlight(), grace);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
  }

  /**
   * Closes every listener, link and connection; calls in flight fail with {@link
   * ConnectionLostException}. Idempotent; waits up to the connect timeout for connections to close.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    loadReports.dispose();
    links.forEach(ReconnectingLink::close);
    listeners.forEach(BoundListener::close);
    List<PeerConnection> open = sessions.sessions(NodeSelector.any());
    open.forEach(PeerConnection::close);
    for (PeerConnection connection : open) {
      try {
        connection.onClose().get(config.connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.warn("connection to {} did not close within {}", connection.nodeId(), config.connectTimeout);
        break;
      }
    }
    scheduler.dispose();
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
  }

  @Override
  public String toString() {
    return "Peer[" + nodeId + "]";
  }

  // Package-private collaborators.

  CallerSettings callerSettings() {
    return callerSettings;
  }

  SessionRegistry sessions() {
    return sessions;
  }

  Router router() {
    return router;
  }

  PeerMetrics metrics() {
    return metrics;
  }

  boolean isClosed() {
    return closed;
  }

  @Nullable String claimedTenant() {
    return claimedTenant;
  }

  boolean isCrossTenant(String nodeRole) {
    return crossTenantRoles.contains(nodeRole);
  }

  /** The open connection this peer dialed to its configured hub, if any. */
  @Nullable PeerConnection hub() {
    String hubId = config.hub;
    PeerConnection connection = hubId == null ? null : sessions.session(hubId);
    return connection != null && connection.isDialed() ? connection : null;
  }

  boolean isHub(PeerConnection connection) {
    return connection.isDialed() && config.hub != null && config.hub.equals(connection.nodeId());
  }

  PeerConnection newSession(Codec codec, NodeInfo remote, boolean dialed) {
    if (!dialed) {
      metrics.tenantSeen(remote.tenant(), this);
    }
    return new PeerConnection(this, new PayloadCodec(codec, allocator, config.maxPayloadSize), remote, dialed);
  }

  Dispatcher dispatcher(PeerConnection connection) {
    return new Dispatcher(dispatchSettings, connection.codec(), connection);
  }

  void onControl(PeerConnection from, Control control) {
    switch (control.type()) {
      case Control.UPDATE -> sessions.announce(from,
          control.tags() == null ? Map.of() : control.tags(), control.services() == null ? List.of() : control.services());
      case Control.LEAVING -> {
        LOG.info("node {} is leaving", from.nodeId());
        sessions.drain(from);
      }
      case Control.LOAD -> from.load().reported(
          control.inFlight() == null ? 0 : control.inFlight(),
          control.cpu() == null ? 0 : control.cpu(),
          control.gauge() == null ? 0 : control.gauge());
      default -> LOG.debug("ignoring unknown control message {} from {}", control.type(), from.nodeId());
    }
  }

  List<NodeInfo> listRemote(PeerConnection hub, NodeSelector selector) {
    if (IoThreads.isCurrentNonBlocking()) {
      throw new IllegalStateException("listNodes blocks and must not run on non-blocking thread " + Thread.currentThread().getName());
    }
    ByteBuf metadata = new RequestMetadata(MimeTypes.NODES_ROUTE, RequestIds.next(), config.connectTimeout.toMillis())
        .encode(allocator);
    Payload response;
    try {
      response = hub.requester()
          .requestResponse(ByteBufPayload.create(Unpooled.wrappedBuffer(SessionRegistry.selectorJson(selector)), metadata))
          .block(config.connectTimeout);
    } catch (RuntimeException e) {
      throw asBackchannel(Exceptions.unwrap(e), "listing nodes at " + hub.nodeId());
    }
    if (response == null) {
      return List.of();
    }
    try {
      return SessionRegistry.parseNodes(io.netty.buffer.ByteBufUtil.getBytes(response.sliceData()));
    } catch (java.io.IOException e) {
      throw new ConnectionLostException("node " + hub.nodeId() + " sent a malformed node list", null, e);
    } finally {
      response.release();
    }
  }

  int inboundInFlight() {
    return limiter.inFlight();
  }

  int outboundInFlight() {
    return sessions.sessions(NodeSelector.any()).stream().mapToInt(c -> c.load().localInFlight()).sum();
  }

  int sessionCount(String ofTenant, boolean draining) {
    return (int) sessions.sessions(NodeSelector.any().withTenant(ofTenant)).stream()
        .filter(connection -> connection.isDraining() == draining)
        .count();
  }

  // Internals.

  private void announce() {
    Control update = Control.update(tags, services.serviceNames());
    sessions.sessions(NodeSelector.any()).forEach(connection -> connection.push(update));
  }

  private void reportLoad() {
    double cpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? Math.max(0, os.getProcessCpuLoad())
        : 0;
    DoubleSupplier gauge = config.loadGauge;
    Control load = Control.load(limiter.inFlight(), cpu, gauge == null ? null : gauge.getAsDouble());
    sessions.sessions(NodeSelector.any()).forEach(connection -> connection.push(load));
  }

  private NodeInfo askHello(RSocket socket, String uri) {
    ByteBuf metadata = new RequestMetadata(MimeTypes.HELLO_ROUTE, RequestIds.next(), config.connectTimeout.toMillis())
        .encode(allocator);
    Payload response;
    try {
      response = socket.requestResponse(ByteBufPayload.create(Unpooled.EMPTY_BUFFER, metadata)).block(config.connectTimeout);
    } catch (RuntimeException e) {
      throw asBackchannel(Exceptions.unwrap(e), "node at " + uri + " did not say hello");
    }
    if (response == null) {
      throw new ConnectionLostException("node at " + uri + " sent an empty hello", null, null);
    }
    try {
      return nodeInfo(Hello.fromJson(response.sliceData()));
    } catch (IllegalArgumentException e) {
      throw new ConnectionLostException("node at " + uri + " is not a Backchannel node: " + e.getMessage(), null, e);
    } finally {
      response.release();
    }
  }

  private static BackchannelException asBackchannel(Throwable error, String what) {
    Throwable failure = ErrorMapping.fromWire(error, null, List.of());
    if (failure instanceof BackchannelException backchannel) {
      return backchannel;
    }
    return new ConnectionLostException(what + ": " + message(failure), null, failure);
  }

  private Payload setupPayload() {
    // A heap copy (DefaultPayload copies and releases the buffers): rsocket re-sends the setup
    // payload on resumption and must never share a pooled buffer. Built per dial, so every
    // reconnect presents the current credential.
    String token = credentials == null ? null : credentials.get();
    return DefaultPayload.create(Unpooled.EMPTY_BUFFER, hello().toSetupMetadata(allocator, token));
  }

  private Hello hello() {
    return new Hello(nodeId, claimedTenant, role, tags, services.serviceNames(), VERSION);
  }

  private int inboundLimit(int maxFrameLength) {
    long wanted = (long) config.maxPayloadSize + 64 * 1024;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(wanted, maxFrameLength));
  }

  private int mtu(TransportFactory factory, URI uri) {
    int frame = factory.maxFrameSize(uri);
    if (frame > 0) {
      return frame;
    }
    return config.maxPayloadSize > UNFRAGMENTED_LIMIT - 64 * 1024 ? 1024 * 1024 : 0;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  private static NodeInfo nodeInfo(Hello hello) {
    return new NodeInfo(
        hello.nodeId(),
        hello.tenant() == null ? io.backchannel.core.auth.Principal.DEFAULT_TENANT : hello.tenant(),
        hello.role() == null ? io.backchannel.core.auth.Principal.DEFAULT_ROLE : hello.role(),
        hello.tags() == null ? Map.of() : hello.tags(),
        hello.services() == null ? List.of() : hello.services(),
        hello.version());
  }

  private static String message(Throwable e) {
    Throwable cause = Exceptions.unwrap(e);
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  private <T> void exportUnchecked(PeerBuilder.Export<T> export) {
    services.export(export.type(), export.implementation());
  }

  /** A proxy's resolver that yields to a {@link CallOptions#target} bound around the call. */
  private final class OverridableResolver implements TargetResolver {
    private final TargetResolver fixed;

    OverridableResolver(TargetResolver fixed) {
      this.fixed = fixed;
    }

    @Override
    public CallTarget resolve() {
      return fixed.resolve();
    }

    @Override
    public TargetResolver atInvocation() {
      return CallOptions.TARGET.isBound() ? router.resolver(CallOptions.TARGET.get()) : fixed;
    }

    @Override
    public String describe() {
      return fixed.describe();
    }
  }

  /** A started server transport. */
  private record BoundListener(URI uri, Closeable server) implements Listener {
    @Override
    public void close() {
      server.dispose();
    }
  }
}
