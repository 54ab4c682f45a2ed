package io.backchannel.core;

import io.backchannel.BackchannelException;
import io.backchannel.ConnectionLostException;
import io.backchannel.NoRouteException;
import io.backchannel.core.codec.Codec;
import io.backchannel.core.internal.call.CallLog;
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
import io.rsocket.ConnectionSetupPayload;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketConnector;
import io.rsocket.core.RSocketServer;
import io.rsocket.exceptions.RejectedSetupException;
import io.rsocket.frame.decoder.PayloadDecoder;
import io.rsocket.transport.ServerTransport;
import io.rsocket.util.ByteBufPayload;
import io.rsocket.util.DefaultPayload;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A Backchannel node: it may listen on any number of URIs, dial any number of peers, export
 * services, and call the services of every node it is connected to, whichever side dialed. A peer
 * that only dials opens no listening socket.
 *
 * <pre>{@code
 * Peer sidecar = Peer.builder().nodeId("sidecar-1").service(Worker.class, new WorkerImpl()).build();
 * Connection console = sidecar.dial("tcp://console.example:7000");
 * Registry registry = console.proxy(Registry.class);
 * }</pre>
 *
 * <p>Thread-safe. {@link #dial} and {@link #listen} block the calling thread up to the connect
 * timeout and must not be called on an I/O thread. Handlers run on the peer's executor (virtual
 * threads by default), never on an I/O thread.
 */
public final class Peer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Peer.class);
  private static final String VERSION = "0.1";
  /** RSocket frames above this need fragmentation on the Netty transports (3-byte length field). */
  private static final int UNFRAGMENTED_LIMIT = 16 * 1024 * 1024 - 1024;

  private final String nodeId;
  private final @Nullable String tenant;
  private final Map<String, String> tags;
  private final Codec dialCodec;
  private final Map<String, Codec> codecs;
  private final ServiceRegistry registry = new ServiceRegistry();
  private final @Nullable ExecutorService ownedExecutor;
  private final Scheduler scheduler;
  private final InboundLimiter limiter;
  private final DispatchSettings dispatchSettings;
  private final CallerSettings callerSettings;
  private final int maxPayloadSize;
  private final Duration connectTimeout;
  private final ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
  private final Map<String, PeerConnection> byNode = new ConcurrentHashMap<>();
  private final Set<PeerConnection> connections = ConcurrentHashMap.newKeySet();
  private final List<BoundListener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  Peer(PeerBuilder builder) {
    this.nodeId = builder.nodeId;
    this.tenant = builder.tenant;
    this.tags = Map.copyOf(builder.tags);
    this.dialCodec = builder.codec;
    this.codecs = Map.copyOf(builder.codecs);
    this.maxPayloadSize = builder.maxPayloadSize;
    this.connectTimeout = builder.connectTimeout;
    for (PeerBuilder.Export<?> export : builder.exports) {
      exportUnchecked(export);
    }
    Executor executor = builder.executor;
    if (executor == null) {
      ownedExecutor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("bc-" + nodeId + "-", 0).factory());
      executor = ownedExecutor;
    } else {
      ownedExecutor = null;
    }
    this.scheduler = Schedulers.fromExecutor(executor, true);
    this.limiter = new InboundLimiter(builder.maxConcurrentCalls);
    CallLog log = new CallLog(builder.slowCallThreshold, builder.slowCallListener);
    this.dispatchSettings = new DispatchSettings(
        registry, executor, scheduler, limiter, log, builder.defaultDeadline, () -> hello().toJson());
    this.callerSettings = new CallerSettings(scheduler, log, builder.defaultDeadline);
  }

  /** Starts configuring a peer. */
  public static PeerBuilder builder() {
    return new PeerBuilder();
  }

  /** This node as others see it. */
  public NodeInfo node() {
    return new NodeInfo(nodeId, tenant, tags, registry.serviceNames());
  }

  /**
   * Exports {@code implementation} as the remote service {@code type}; connected nodes can call it
   * at once.
   *
   * @throws IllegalArgumentException if the interface is invalid (the message names the method)
   *     or one of its routes is already exported
   */
  public <T> void export(Class<T> type, T implementation) {
    registry.export(Objects.requireNonNull(type, "type"), Objects.requireNonNull(implementation, "implementation"));
  }

  /**
   * A proxy of the remote service {@code type} whose calls go to {@code target}, resolved at each
   * call.
   *
   * @throws IllegalArgumentException if the interface is invalid (the message names the method)
   */
  public <T> T proxy(Class<T> type, Target target) {
    Objects.requireNonNull(type, "type");
    TargetResolver resolver = switch (Objects.requireNonNull(target, "target")) {
      case NodeTarget node -> new NodeResolver(node.nodeId());
    };
    return ProxyHandler.create(type, resolver, callerSettings);
  }

  /** The open connection to {@code nodeId}, if any. */
  public Optional<Connection> connection(String nodeId) {
    PeerConnection connection = byNode.get(nodeId);
    return connection != null && connection.isOpen() ? Optional.of(connection) : Optional.empty();
  }

  /** Every open connection, dialed or accepted. */
  public List<Connection> connections() {
    return connections.stream().filter(PeerConnection::isOpen).map(Connection.class::cast).toList();
  }

  /**
   * Listens on {@code uri}, e.g. {@code tcp://0.0.0.0:7000}, {@code ws://127.0.0.1:0/rpc} or
   * {@code local:console}. Port 0 picks a free port; {@link Listener#uri()} tells which.
   *
   * @throws IllegalArgumentException if no transport supports the URI or it is malformed
   * @throws IllegalStateException if binding failed
   */
  public Listener listen(String uri) {
    ensureOpen();
    URI requested = URI.create(uri);
    TransportFactory factory = Transports.forUri(requested);
    ServerTransport<? extends Closeable> transport = factory.server(requested);
    RSocketServer server = RSocketServer.create(this::accept)
        .payloadDecoder(PayloadDecoder.ZERO_COPY)
        .maxInboundPayloadSize(inboundLimit(transport.maxFrameLength()));
    int mtu = mtu(factory, requested);
    if (mtu > 0) {
      server.fragment(mtu);
    }
    Closeable bound;
    try {
      bound = server.bind(transport).block(connectTimeout);
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
   * Dials {@code uri} and returns once the other node has accepted and identified itself. Both
   * sides can then call each other over the connection.
   *
   * @throws IllegalArgumentException if no transport supports the URI or it is malformed
   * @throws ConnectionLostException if the node cannot be reached within the connect timeout
   * @throws io.backchannel.PeerRejectedException if the node refused the connection
   * @throws IllegalStateException if called on an I/O thread or after {@link #close()}
   */
  public Connection dial(String uri) {
    ensureOpen();
    if (IoThreads.isCurrentNonBlocking()) {
      throw new IllegalStateException("dial blocks and must not run on non-blocking thread " + Thread.currentThread().getName());
    }
    URI target = URI.create(uri);
    TransportFactory factory = Transports.forUri(target);
    PayloadCodec codec = new PayloadCodec(dialCodec, allocator, maxPayloadSize);
    PeerConnection connection = new PeerConnection(this, codec, new NodeInfo("?", null, Map.of(), List.of()));
    var transport = factory.client(target);
    RSocketConnector connector = RSocketConnector.create()
        .metadataMimeType(MimeTypes.COMPOSITE)
        .dataMimeType(dialCodec.mimeType())
        .setupPayload(setupPayload())
        .payloadDecoder(PayloadDecoder.ZERO_COPY)
        .acceptor(SocketAcceptor.with(new Dispatcher(dispatchSettings, codec, connection::nodeId)))
        .maxInboundPayloadSize(inboundLimit(transport.maxFrameLength()));
    int mtu = mtu(factory, target);
    if (mtu > 0) {
      connector.fragment(mtu);
    }
    RSocket socket;
    try {
      socket = connector.connect(transport).block(connectTimeout);
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
    register(connection);
    LOG.info("node {} connected to node {} at {}", nodeId, connection.nodeId(), uri);
    return connection;
  }

  /**
   * Closes every listener and connection; calls in flight fail with {@link
   * ConnectionLostException}. Idempotent; waits up to the connect timeout for connections to close.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    listeners.forEach(BoundListener::close);
    List<PeerConnection> open = List.copyOf(connections);
    open.forEach(PeerConnection::close);
    for (PeerConnection connection : open) {
      try {
        connection.onClose().get(connectTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.warn("connection to {} did not close within {}", connection.nodeId(), connectTimeout);
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

  CallerSettings callerSettings() {
    return callerSettings;
  }

  private Mono<RSocket> accept(ConnectionSetupPayload setup, RSocket sendingSocket) {
    if (closed) {
      return Mono.error(new RejectedSetupException("node " + nodeId + " is shutting down"));
    }
    Codec codec = codecs.get(setup.dataMimeType());
    if (codec == null) {
      return Mono.error(new RejectedSetupException(
          "unsupported data MIME type '" + setup.dataMimeType() + "'; node " + nodeId + " accepts " + codecs.keySet()));
    }
    if (!MimeTypes.COMPOSITE.equals(setup.metadataMimeType())) {
      return Mono.error(new RejectedSetupException(
          "metadata MIME type must be " + MimeTypes.COMPOSITE + ", was '" + setup.metadataMimeType() + "'"));
    }
    NodeInfo remote;
    try {
      Hello hello = Hello.fromSetupMetadata(setup.sliceMetadata());
      remote = hello == null
          ? new NodeInfo("anonymous-" + UUID.randomUUID().toString().substring(0, 8), null, Map.of(), List.of())
          : nodeInfo(hello);
    } catch (IllegalArgumentException e) {
      return Mono.error(new RejectedSetupException(e.getMessage()));
    }
    PayloadCodec payloadCodec = new PayloadCodec(codec, allocator, maxPayloadSize);
    PeerConnection connection = new PeerConnection(this, payloadCodec, remote);
    connection.attach(sendingSocket);
    register(connection);
    LOG.info("node {} accepted node {} ({})", nodeId, remote.nodeId(), codec.mimeType());
    return Mono.just(new Dispatcher(dispatchSettings, payloadCodec, connection::nodeId));
  }

  private NodeInfo askHello(RSocket socket, String uri) {
    ByteBuf metadata = new RequestMetadata(MimeTypes.HELLO_ROUTE, RequestIds.next(), connectTimeout.toMillis()).encode(allocator);
    Payload response;
    try {
      response = socket.requestResponse(ByteBufPayload.create(Unpooled.EMPTY_BUFFER, metadata)).block(connectTimeout);
    } catch (RuntimeException e) {
      Throwable failure = ErrorMapping.fromWire(Exceptions.unwrap(e), "-", List.of());
      if (failure instanceof BackchannelException backchannel) {
        throw backchannel;
      }
      throw new ConnectionLostException("node at " + uri + " did not say hello: " + message(e), null, failure);
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

  private Payload setupPayload() {
    // A heap copy (DefaultPayload copies and releases the buffers): rsocket re-sends the setup
    // payload on reconnect and must never share a pooled buffer.
    return DefaultPayload.create(Unpooled.EMPTY_BUFFER, hello().toSetupMetadata(allocator));
  }

  private Hello hello() {
    return new Hello(nodeId, tenant, tags, registry.serviceNames(), VERSION);
  }

  private void register(PeerConnection connection) {
    connections.add(connection);
    String id = connection.nodeId();
    PeerConnection previous = byNode.put(id, connection);
    if (previous != null && previous != connection && previous.isOpen()) {
      LOG.warn("node {} connected again; calls by node id now use the newer connection", id);
    }
    connection.onClose().whenComplete((ignored, error) -> {
      connections.remove(connection);
      byNode.remove(id, connection);
      LOG.info("node {}: connection to node {} closed", nodeId, id);
    });
  }

  private int inboundLimit(int maxFrameLength) {
    long wanted = (long) maxPayloadSize + 64 * 1024;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(wanted, maxFrameLength));
  }

  private int mtu(TransportFactory factory, URI uri) {
    int frame = factory.maxFrameSize(uri);
    if (frame > 0) {
      return frame;
    }
    return maxPayloadSize > UNFRAGMENTED_LIMIT - 64 * 1024 ? 1024 * 1024 : 0;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  private static NodeInfo nodeInfo(Hello hello) {
    return new NodeInfo(
        hello.nodeId(), hello.tenant(),
        hello.tags() == null ? Map.of() : hello.tags(),
        hello.services() == null ? List.of() : hello.services());
  }

  private static String message(Throwable e) {
    Throwable cause = Exceptions.unwrap(e);
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  @SuppressWarnings("unchecked")
  private <T> void exportUnchecked(PeerBuilder.Export<T> export) {
    registry.export(export.type(), export.implementation());
  }

  /** Resolves a node id to its connection at each call. */
  private final class NodeResolver implements TargetResolver {
    private final String target;

    NodeResolver(String target) {
      this.target = target;
    }

    @Override
    public CallTarget resolve() {
      PeerConnection connection = byNode.get(target);
      if (connection == null || !connection.isOpen()) {
        throw new NoRouteException("no connected node '" + target + "'", null, null);
      }
      return connection;
    }

    @Override
    public String describe() {
      return "node " + target;
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
