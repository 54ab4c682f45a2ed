package io.backchannel.core;

import io.backchannel.core.codec.Codec;
import io.backchannel.core.codec.Codecs;
import io.backchannel.core.internal.call.Ticker;
import io.backchannel.core.internal.config.InboundLimits;
import io.backchannel.core.cluster.ClusterStore;
import io.backchannel.core.internal.config.ClusterSettings;
import io.backchannel.core.internal.config.ObservationSettings;
import io.backchannel.core.internal.config.PeerSettings;
import io.backchannel.core.internal.config.TrustLimits;
import java.util.function.LongSupplier;
import io.backchannel.core.observe.BackchannelClientObservationConvention;
import io.backchannel.core.observe.BackchannelServerObservationConvention;
import io.backchannel.core.observe.CallInterceptor;
import io.backchannel.core.observe.SlowCallListener;
import io.backchannel.core.transport.ListenerLimits;
import io.backchannel.core.transport.TlsIdentity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import io.backchannel.core.auth.Authenticator;
import io.backchannel.core.auth.Principal;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/** Configures a {@link Peer}. Not thread-safe; build once. */
public final class PeerBuilder {
  private String nodeId = "node-" + UUID.randomUUID().toString().substring(0, 8);
  private @Nullable String tenant;
  private final Map<String, String> tags = new LinkedHashMap<>();
  private Codec codec = Codecs.cbor();
  private final Map<String, Codec> codecs = new LinkedHashMap<>();
  private @Nullable Executor executor;
  private int maxConcurrentCalls = 10_000;
  private int maxConcurrentCallsPerTenant = -1;
  private int maxConcurrentCallsPerConnection = -1;
  private int maxStreamsPerConnection = 1_000;
  private Duration maxDeadline = Duration.ofMinutes(5);
  private long maxRelayBufferBytes = 16L * 1024 * 1024;
  private Duration defaultDeadline = Duration.ofSeconds(30);
  private Duration connectTimeout = Duration.ofSeconds(10);
  private Duration slowCallThreshold = Duration.ofSeconds(1);
  private @Nullable SlowCallListener slowCallListener;
  private int maxPayloadSize = 8 * 1024 * 1024;
  private final List<PeerSettings.Export<?>> exports = new ArrayList<>();
  private final List<CallInterceptor> interceptors = new ArrayList<>();
  private String role = Principal.DEFAULT_ROLE;
  private @Nullable Supplier<String> credential;
  private @Nullable Authenticator authenticator;
  private final Set<String> crossTenantRoles = new LinkedHashSet<>();
  private @Nullable MeterRegistry meterRegistry;
  private @Nullable ObservationRegistry observationRegistry;
  private @Nullable ClusterSettings cluster;
  private @Nullable BackchannelClientObservationConvention clientConvention;
  private @Nullable BackchannelServerObservationConvention serverConvention;
  private Duration keepAliveInterval = Duration.ofSeconds(20);
  private Duration keepAliveTimeout = Duration.ofSeconds(90);
  private Duration reconnectMin = Duration.ofMillis(200);
  private Duration reconnectMax = Duration.ofSeconds(30);
  private Duration loadReportInterval = Duration.ofSeconds(2);
  private @Nullable DoubleSupplier loadGauge;
  private @Nullable Duration resumeSession;
  private Set<String> hubs = Set.of();
  private @Nullable String consoleRole;
  private @Nullable String clusterAddress;
  private TrustLimits trust = TrustLimits.DEFAULTS;
  private Ticker ticker = Ticker.SYSTEM;
  private ListenerLimits listenerLimits = ListenerLimits.DEFAULTS;
  private @Nullable Function<TlsIdentity, Optional<Principal>> listenerPrincipals;

  PeerBuilder() {
    codec(Codecs.json());
    codec(Codecs.cbor());
  }

  /** This node's id, sent in SETUP; defaults to a random {@code node-xxxxxxxx}. */
  public PeerBuilder nodeId(String nodeId) {
    if (Objects.requireNonNull(nodeId, "nodeId").isBlank()) {
      throw new IllegalArgumentException("nodeId must not be blank");
    }
    this.nodeId = nodeId;
    return this;
  }

  /** The tenant this node belongs to. */
  public PeerBuilder tenant(String tenant) {
    this.tenant = Objects.requireNonNull(tenant, "tenant");
    return this;
  }

  /** This node's role ({@code "node"} by default); a hub may grant some roles calls across tenants. */
  public PeerBuilder role(String role) {
    this.role = Objects.requireNonNull(role, "role");
    return this;
  }

  /** The bearer token this node presents when it dials (see {@link io.backchannel.core.auth.Tokens}). */
  public PeerBuilder credential(String bearerToken) {
    Objects.requireNonNull(bearerToken, "bearerToken");
    return credential(() -> bearerToken);
  }

  /** Supplies the bearer token for each dial, so a rotated token is picked up on reconnect. */
  public PeerBuilder credential(Supplier<String> bearerToken) {
    this.credential = Objects.requireNonNull(bearerToken, "bearerToken");
    return this;
  }

  /**
   * Decides who may connect when this peer listens. Required to listen: there is no silent
   * default; {@link Authenticator#insecureAllowAll()} must be asked for by name.
   */
  public PeerBuilder authenticator(Authenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    return this;
  }

  /**
   * Trusts each node this peer dials only as what its TLS server certificate proves. On every dial,
   * redials of {@link Peer#connect} included, the listener's certificate, verified by the
   * handshake, goes to {@code principals}: the dialed node then has the node id, tenant and role of
   * the {@link Principal} it returns, and its hello must claim exactly those (a listener that sets
   * no tenant claims {@code default}). The dial fails with {@link io.backchannel.PeerRejectedException},
   * counted in {@code backchannel.trust.refusals}, if the listener presents no certificate (only
   * {@code tcp+tls://} and {@code wss://} carry one), {@code principals} returns empty, or the
   * hello claims otherwise; a listener refused for its certificate never sees this node's SETUP
   * or credential. A principal's expiry closes the connection. Without this, a dialed node's hello
   * is a label nobody proved ({@code docs/security.md}).
   *
   * <p>{@code principals} may be the function of a {@link io.backchannel.core.auth.CertificateAuthenticator};
   * it runs on a worker thread and must be thread-safe.
   */
  public PeerBuilder verifyListeners(Function<TlsIdentity, Optional<Principal>> principals) {
    this.listenerPrincipals = Objects.requireNonNull(principals, "principals");
    return this;
  }

  /** Nodes authenticated with {@code role} may list and call nodes of every tenant through this hub. */
  public PeerBuilder crossTenantRole(String role) {
    crossTenantRoles.add(Objects.requireNonNull(role, "role"));
    return this;
  }

  /** Records Backchannel's meters (see {@code docs/metrics.md}) in {@code registry}. */
  public PeerBuilder meterRegistry(MeterRegistry registry) {
    this.meterRegistry = Objects.requireNonNull(registry, "registry");
    return this;
  }

  /**
   * Makes every call this peer makes or serves a Micrometer Observation in {@code registry}
   * ({@code docs/tracing.md}): a client observation for each call made, a server one for each call
   * served, in scope on the handler's thread. With a tracer's handlers in the registry (Micrometer
   * Tracing over OpenTelemetry or Brave), each call is a span, and its trace context travels in the
   * request's metadata as W3C {@code traceparent}/{@code tracestate}. Unset, calls are not observed
   * and cost nothing for it.
   */
  public PeerBuilder observations(ObservationRegistry registry) {
    this.observationRegistry = Objects.requireNonNull(registry, "registry");
    return this;
  }

  /**
   * Names and tags the observations of {@link #observations} with these conventions instead of
   * {@link io.backchannel.core.observe.DefaultBackchannelClientObservationConvention} and {@link
   * io.backchannel.core.observe.DefaultBackchannelServerObservationConvention}.
   */
  public PeerBuilder observationConventions(
      BackchannelClientObservationConvention client, BackchannelServerObservationConvention server) {
    this.clientConvention = Objects.requireNonNull(client, "client");
    this.serverConvention = Objects.requireNonNull(server, "server");
    return this;
  }

  /**
   * How often this node sends KEEPALIVE when it dials, and how long either side waits without
   * one before it declares the connection dead and fails its calls (20 s / 90 s by default).
   */
  public PeerBuilder keepAlive(Duration interval, Duration timeout) {
    this.keepAliveInterval = positive(interval, "interval");
    this.keepAliveTimeout = positive(timeout, "timeout");
    if (timeout.compareTo(interval) <= 0) {
      throw new IllegalArgumentException("keep-alive timeout " + timeout + " must exceed the interval " + interval);
    }
    return this;
  }

  /** Bounds of the exponential backoff of {@link Peer#connect} (200 ms to 30 s by default). */
  public PeerBuilder reconnectBackoff(Duration min, Duration max) {
    this.reconnectMin = positive(min, "min");
    this.reconnectMax = positive(max, "max");
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("max backoff " + max + " is below min " + min);
    }
    return this;
  }

  /** How often this node reports its load to the nodes it is connected to (2 s by default). */
  public PeerBuilder loadReportInterval(Duration interval) {
    this.loadReportInterval = positive(interval, "interval");
    return this;
  }

  /** An application load figure added to what this node reports (e.g. queue depth); 0 if unset. */
  public PeerBuilder loadGauge(DoubleSupplier gauge) {
    this.loadGauge = Objects.requireNonNull(gauge, "gauge");
    return this;
  }

  /**
   * Turns on RSocket resumption (off by default): a dropped connection is resumed within {@code
   * sessionTimeout} with no stream frame lost or repeated. Both sides must turn it on.
   */
  public PeerBuilder resume(Duration sessionTimeout) {
    this.resumeSession = positive(sessionTimeout, "sessionTimeout");
    return this;
  }

  /**
   * How often a listening peer re-runs its authenticator on each admitted node's SETUP credential
   * (1 min by default): a credential revoked meanwhile ends the session. A credential with an
   * expiry (a token) ends its session at expiry whatever this interval.
   */
  public PeerBuilder credentialRecheck(Duration interval) {
    trust = new TrustLimits(positive(interval, "interval"), trust.maxTags(), trust.maxServices(),
        trust.maxLabelLength(), trust.maxAnnouncesPerMinute());
    return this;
  }

  /**
   * Bounds what an admitted node may announce (tags and services, in SETUP and later updates):
   * at most {@code maxTags} tags, {@code maxServices} services, each key, value or name at most
   * {@code maxLabelLength} characters, and at most {@code perMinute} updates a minute. Beyond,
   * the SETUP or update is refused and counted. Defaults: 32, 64, 256, 30.
   */
  public PeerBuilder announceLimits(int maxTags, int maxServices, int maxLabelLength, int perMinute) {
    trust = new TrustLimits(trust.credentialRecheck(), atLeast(maxTags, 0, "maxTags"),
        atLeast(maxServices, 0, "maxServices"), atLeast(maxLabelLength, 1, "maxLabelLength"),
        atLeast(perMinute, 1, "perMinute"));
    return this;
  }

  /**
   * The node id of this node's hub: the node it dials that relays its calls to nodes it has no
   * connection to, and whose word on who called (relayed calls) it trusts. A node whose link names
   * the consoles of a cluster ({@link Peer#connect(List)}) names each of them: whichever it is
   * connected to is its hub. Without a hub, calls to unconnected nodes fail with {@link
   * io.backchannel.NoRouteException}.
   */
  public PeerBuilder hub(String hubNodeId, String... moreHubNodeIds) {
    Set<String> ids = new LinkedHashSet<>();
    ids.add(Objects.requireNonNull(hubNodeId, "hubNodeId"));
    for (String id : moreHubNodeIds) {
      ids.add(Objects.requireNonNull(id, "hubNodeId"));
    }
    this.hubs = Set.copyOf(ids);
    return this;
  }

  /**
   * Adds a key/value label announced in SETUP. The key {@code role} is reserved: a node's role is
   * its authenticated {@link #role}, never a label it claims.
   */
  public PeerBuilder tag(String key, String value) {
    if ("role".equals(Objects.requireNonNull(key, "key"))) {
      throw new IllegalArgumentException("tag key 'role' is reserved; set the role with PeerBuilder.role(...)");
    }
    tags.put(key, Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * Accepts dialers that ask for {@code codec} and makes it the codec this peer asks for when it
   * dials (the last one given wins). CBOR (the default for dialing) and JSON are always accepted.
   */
  public PeerBuilder codec(Codec codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
    codecs.put(codec.mimeType(), codec);
    return this;
  }

  /**
   * Runs inbound handlers and delivers asynchronous results. Defaults to a virtual thread per
   * task, which the peer shuts down on close; an executor given here is not shut down.
   */
  public PeerBuilder executor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /** The most inbound calls served at once (10,000 by default); more are refused as overloaded. */
  public PeerBuilder maxConcurrentCalls(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxConcurrentCalls must be at least 1, was " + max);
    }
    this.maxConcurrentCalls = max;
    return this;
  }

  /**
   * The most inbound calls the nodes of one tenant have served at once, relayed calls included
   * (half of {@link #maxConcurrentCalls} by default), so that one tenant's flood leaves the others
   * served. Beyond it the tenant's calls are refused as overloaded. While several tenants have
   * calls in flight, each also gets only a fair share, so that floods from several tenants at
   * once still leave room for another ({@code docs/security.md} gives the rule).
   */
  public PeerBuilder maxConcurrentCallsPerTenant(int max) {
    this.maxConcurrentCallsPerTenant = atLeastOne(max, "maxConcurrentCallsPerTenant");
    return this;
  }

  /**
   * The most inbound calls one connection has served at once, relayed calls included (a quarter of
   * {@link #maxConcurrentCalls} by default). Beyond it that connection's calls are refused as overloaded.
   */
  public PeerBuilder maxConcurrentCallsPerConnection(int max) {
    this.maxConcurrentCallsPerConnection = atLeastOne(max, "maxConcurrentCallsPerConnection");
    return this;
  }

  /**
   * The most request-streams and request-channels open at once on one connection, served or
   * relayed (1,000 by default); they also count as calls.
   */
  public PeerBuilder maxStreamsPerConnection(int max) {
    this.maxStreamsPerConnection = atLeastOne(max, "maxStreamsPerConnection");
    return this;
  }

  /**
   * The longest this peer serves or relays any one call, streams and channels included, whatever
   * budget the caller sends (5 minutes by default): a call that has not finished by then fails
   * with a deadline error and frees its slot.
   */
  public PeerBuilder maxDeadline(Duration deadline) {
    this.maxDeadline = positive(deadline, "maxDeadline");
    return this;
  }

  /**
   * How many relayed bytes a hub lets queue for one connection (16 MiB by default): while more are
   * queued (the node reads too slowly, or not at all), relayed fire-and-forget requests to it are
   * dropped, new relayed requests to it are refused as overloaded, and relayed streams to or from
   * it fail as overloaded.
   */
  public PeerBuilder maxRelayBufferBytes(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("maxRelayBufferBytes must be at least 1, was " + bytes);
    }
    this.maxRelayBufferBytes = bytes;
    return this;
  }

  /** The deadline of calls with no {@code @Timeout} or per-call deadline (30 s by default). */
  public PeerBuilder defaultDeadline(Duration deadline) {
    this.defaultDeadline = positive(deadline, "defaultDeadline");
    return this;
  }

  /** How long {@link Peer#dial} and {@link Peer#listen} may take (10 s by default). */
  public PeerBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = positive(timeout, "connectTimeout");
    return this;
  }

  /** Calls slower than this log at WARN and reach the slow-call listener (1 s by default). */
  public PeerBuilder slowCallThreshold(Duration threshold) {
    this.slowCallThreshold = positive(threshold, "slowCallThreshold");
    return this;
  }

  /** Told about every slow call, in either direction. */
  public PeerBuilder slowCallListener(SlowCallListener listener) {
    this.slowCallListener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /** The largest encoded request or response, in bytes (8 MiB by default). */
  public PeerBuilder maxPayloadSize(int bytes) {
    if (bytes < 64) {
      throw new IllegalArgumentException("maxPayloadSize must be at least 64 bytes, was " + bytes);
    }
    this.maxPayloadSize = bytes;
    return this;
  }

  /**
   * How many connections each listener holds open: {@code total} in all (10,000 by default) and
   * {@code perAddress} from one source IP address (256 by default; raise it for many nodes behind
   * one NAT). A connection beyond either is closed at accept, before any TLS handshake, and counted
   * in {@code backchannel.connections.refused}. Local and broker transports are not limited.
   */
  public PeerBuilder maxConnections(int total, int perAddress) {
    this.listenerLimits = listenerLimits.withConnections(total, perAddress);
    return this;
  }

  /**
   * How long a connection accepted by a listener may take to be admitted (10 s by default): TLS
   * handshake, WebSocket upgrade, SETUP and authentication. A connection still unadmitted then is
   * closed and counted in {@code backchannel.connections.refused}.
   */
  public PeerBuilder setupTimeout(Duration timeout) {
    this.listenerLimits = listenerLimits.withSetupTimeout(positive(timeout, "timeout"));
    return this;
  }

  /**
   * The largest frame, in bytes, a listener reads from a connection until its SETUP is accepted
   * (64 KiB by default, at least 1 KiB); a larger length prefix closes the connection before its
   * bytes are buffered. Once admitted, a connection may send frames up to {@link #maxPayloadSize}.
   */
  public PeerBuilder maxSetupFrameSize(int bytes) {
    this.listenerLimits = listenerLimits.withMaxSetupFrameSize(bytes);
    return this;
  }

  /** Exports {@code implementation} as the remote service {@code type} (see {@link Peer#export}). */
  public <T> PeerBuilder export(Class<T> type, T implementation) {
    exports.add(new PeerSettings.Export<>(
        Objects.requireNonNull(type, "type"), Objects.requireNonNull(implementation, "implementation")));
    return this;
  }

  /**
   * Test hook: the monotonic nanosecond clock this peer reads for deadline budgets (what it sends
   * and what {@link CallContext#remaining()} shows) and call durations; {@link System#nanoTime()}
   * by default. A clock moved by hand lets tests check deadline arithmetic without waiting. It
   * does not drive the timers that expire calls, which run on real time.
   */
  public PeerBuilder ticker(LongSupplier nanoTime) {
    Objects.requireNonNull(nanoTime, "nanoTime");
    this.ticker = nanoTime::getAsLong;
    return this;
  }

  /**
   * Adds an interceptor that sees every call this peer makes or serves, after the built-in call
   * log and meters, in the order added (see {@link CallInterceptor}).
   */
  public PeerBuilder interceptor(CallInterceptor interceptor) {
    interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
    return this;
  }

  /**
   * Makes this console a member of a console cluster ({@code docs/cluster.md}) with a TTL of 6 s:
   * see {@link #cluster(ClusterStore, Duration)}.
   */
  public PeerBuilder cluster(ClusterStore store) {
    return cluster(store, Duration.ofSeconds(6));
  }

  /**
   * Makes this console a member of a console cluster ({@code docs/cluster.md}): it publishes the
   * sessions it holds to {@code store}, heartbeats every third of {@code ttl}, and its {@link
   * Peer#registry()} also lists the live nodes of every other console of the store, each marked
   * with the console holding it ({@link io.backchannel.core.node.NodeInfo#console()}). A console
   * whose heartbeats stop being read has its nodes dropped after {@code ttl}. Calls still reach
   * only the nodes this peer is connected to. The peer closes the store when it closes.
   *
   * @param ttl 100 ms … 10 min
   */
  public PeerBuilder cluster(ClusterStore store, Duration ttl) {
    Objects.requireNonNull(store, "store");
    if (ttl.compareTo(Duration.ofMillis(100)) < 0 || ttl.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("cluster ttl must be 100 ms … 10 min, was " + ttl);
    }
    this.cluster = new ClusterSettings(store, ttl, null, null);
    return this;
  }

  /**
   * Relays calls between the consoles of this console's cluster: nodes authenticated with {@code
   * role} are fellow consoles. This console then keeps a connection to every other live console
   * (dialing the addresses it publishes, with this peer's {@link #credential} and, when set, {@link
   * #verifyListeners}), and a call here to a node another console holds goes through that console.
   * A fellow console's session may pass on the caller it authenticated (the tenant rule then
   * applies to that caller), may reach every tenant, and is not listed as a node. Only consoles may
   * hold credentials with this role ({@code docs/cluster.md}). Requires {@link #cluster}.
   */
  public PeerBuilder consoleRole(String role) {
    Objects.requireNonNull(role, "role");
    if (role.isBlank()) {
      throw new IllegalArgumentException("console role must not be blank");
    }
    this.consoleRole = role;
    return this;
  }

  /**
   * The URI at which the other consoles dial this one, published with its heartbeats, for a
   * listener bound to a wildcard address or behind a name. Without it a console publishes the URIs
   * of its open listeners whose host is not a wildcard. Requires {@link #consoleRole}.
   */
  public PeerBuilder clusterAddress(String uri) {
    java.net.URI.create(Objects.requireNonNull(uri, "uri"));
    this.clusterAddress = uri;
    return this;
  }

  /**
   * Builds the peer from a snapshot of these settings (changing this builder later changes no
   * peer it built). It neither listens nor dials until told to.
   *
   * @throws IllegalArgumentException if an exported interface is invalid
   */
  public Peer build() {
    return new Peer(settings());
  }

  PeerSettings settings() {
    ClusterSettings clustered = cluster == null ? null
        : new ClusterSettings(cluster.store(), cluster.ttl(), consoleRole, clusterAddress);
    if (clustered == null && (consoleRole != null || clusterAddress != null)) {
      throw new IllegalStateException("consoleRole and clusterAddress need cluster(store)");
    }
    if (consoleRole == null && clusterAddress != null) {
      throw new IllegalStateException("clusterAddress needs consoleRole: without it no console dials this one");
    }
    return new PeerSettings(nodeId, tenant, role, tags, codec, codecs, credential, authenticator, crossTenantRoles,
        executor, maxConcurrentCalls, defaultDeadline, connectTimeout, slowCallThreshold, slowCallListener,
        interceptors, maxPayloadSize, exports, meterRegistry, keepAliveInterval, keepAliveTimeout, reconnectMin,
        reconnectMax, loadReportInterval, loadGauge, resumeSession, hubs, ticker, limits(), trust,
        listenerLimits, listenerPrincipals, observationRegistry == null ? null
            : new ObservationSettings(observationRegistry, clientConvention, serverConvention), clustered);
  }

  /** The shares, derived from {@code maxConcurrentCalls} unless set, and never above it. */
  private InboundLimits limits() {
    int perTenant = maxConcurrentCallsPerTenant > 0 ? maxConcurrentCallsPerTenant : Math.max(1, maxConcurrentCalls / 2);
    int perConnection = maxConcurrentCallsPerConnection > 0
        ? maxConcurrentCallsPerConnection : Math.max(1, maxConcurrentCalls / 4);
    return new InboundLimits(Math.min(perTenant, maxConcurrentCalls), Math.min(perConnection, maxConcurrentCalls),
        maxStreamsPerConnection, maxDeadline, maxRelayBufferBytes);
  }

  private static int atLeastOne(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
    return value;
  }

  private static int atLeast(int value, int min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
    }
    return value;
  }

  private static Duration positive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
    return duration;
  }
}
