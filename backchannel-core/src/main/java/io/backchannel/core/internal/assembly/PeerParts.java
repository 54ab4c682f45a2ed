package io.backchannel.core.internal.assembly;

import io.backchannel.core.auth.Authenticator;
import io.backchannel.core.auth.Principal;
import io.backchannel.core.internal.call.CallLog;
import io.backchannel.core.internal.call.DeadlineTimer;
import io.backchannel.core.internal.call.Deadlines;
import io.backchannel.core.internal.call.InterceptorChain;
import io.backchannel.core.internal.cluster.ClusterMember;
import io.backchannel.core.internal.cluster.ClusterRoutes;
import io.backchannel.core.internal.connect.ReconnectingLink;
import io.backchannel.core.internal.config.ClusterSettings;
import io.backchannel.core.internal.config.ObservationSettings;
import io.backchannel.core.internal.config.PeerSettings;
import io.backchannel.core.internal.connect.Binder;
import io.backchannel.core.internal.connect.Dialer;
import io.backchannel.core.internal.connect.ListenerVerifier;
import io.backchannel.core.internal.dispatch.DispatchSettings;
import io.backchannel.core.internal.dispatch.InboundLimiter;
import io.backchannel.core.internal.dispatch.ServiceRegistry;
import io.backchannel.core.internal.metrics.MeterInterceptor;
import io.backchannel.core.internal.metrics.PeerMetrics;
import io.backchannel.core.internal.proxy.CallerSettings;
import io.backchannel.core.internal.routing.Router;
import io.backchannel.core.internal.session.Handshake;
import io.backchannel.core.internal.session.LocalNode;
import io.backchannel.core.internal.session.NodeListing;
import io.backchannel.core.internal.session.RelayTargets;
import io.backchannel.core.internal.session.SessionControl;
import io.backchannel.core.internal.session.SessionEnvironment;
import io.backchannel.core.internal.session.SessionFactory;
import io.backchannel.core.internal.session.Session;
import io.backchannel.core.internal.session.SessionRegistry;
import io.backchannel.core.internal.session.SetupAcceptor;
import io.backchannel.core.internal.session.TenantPolicy;
import io.backchannel.core.internal.tracing.ObservationInterceptor;
import io.backchannel.core.node.NodeSelector;
import io.backchannel.core.node.Registry;
import io.backchannel.core.observe.CallInterceptor;
import io.backchannel.core.transport.TlsIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A peer's collaborators, each given what it needs through its constructor.
 *
 * @param ownedExecutor the handler executor the peer made itself (and shuts down), if it made one
 * @param binder how the peer listens; null when it has no authenticator and so cannot
 * @param listed what the peer's registry lists: its sessions, and in a cluster every console's nodes
 * @param cluster this console's cluster membership, if it is in a cluster
 */
public record PeerParts(
    LocalNode self,
    @Nullable ExecutorService ownedExecutor,
    Scheduler scheduler,
    InboundLimiter limiter,
    PeerMetrics metrics,
    SessionRegistry registry,
    SessionControl control,
    CallerSettings callers,
    Router router,
    Dialer dialer,
    @Nullable Binder binder,
    Registry listed,
    @Nullable ClusterMember cluster) {

  /**
   * Wires the collaborators of a peer. Exports are validated first, so an invalid interface fails
   * before anything starts.
   *
   * @param closing whether the peer is closing, so that new nodes are refused
   * @param listeners the URIs the peer listens on now, which a console of a cluster publishes
   * @throws IllegalArgumentException if an exported interface is invalid
   */
  public static PeerParts assemble(PeerSettings settings, BooleanSupplier closing, Supplier<List<String>> listeners) {
    ServiceRegistry services = new ServiceRegistry();
    settings.exports().forEach(export -> exportUnchecked(services, export));
    LocalNode self = new LocalNode(settings.nodeId(), settings.tenant(), settings.role(), settings.tags(), services);
    Executor given = settings.executor();
    ExecutorService owned = given != null ? null
        : Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("bc-" + settings.nodeId() + "-", 0).factory());
    Executor executor = owned != null ? owned : Objects.requireNonNull(given, "executor");
    Scheduler scheduler = Schedulers.fromExecutor(executor, true);
    PeerMetrics metrics = new PeerMetrics(settings.meterRegistry());
    InboundLimiter limiter = new InboundLimiter(settings.maxConcurrentCalls(), settings.limits(),
        reason -> metrics.callRefused(reason.tag()));
    SessionRegistry registry = new SessionRegistry(executor);
    InterceptorChain interceptors = new InterceptorChain(interceptors(settings, metrics, registry), settings.ticker());
    Deadlines deadlines = new Deadlines(settings.ticker(), new DeadlineTimer("bc-" + settings.nodeId() + "-deadlines"));
    ClusterSettings clustered = settings.cluster();
    TenantPolicy tenants = new TenantPolicy(settings.crossTenantRoles(), clustered == null ? null : clustered.consoleRole());
    CallerSettings callers = new CallerSettings(scheduler, executor, interceptors, settings.defaultDeadline(), deadlines);
    SessionControl control = new SessionControl(registry, self, limiter::inFlight, settings.loadGauge(), settings.trust(),
        metrics);
    ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    Handshake handshake = new Handshake(self, settings.credential(), settings.connectTimeout(), allocator);
    DispatchSettings dispatch = new DispatchSettings(services, executor, scheduler, limiter, interceptors,
        settings.defaultDeadline(), handshake::helloJson, deadlines, settings.limits().maxDeadline());
    Function<TlsIdentity, Optional<Principal>> listenerPrincipals = settings.listenerPrincipals();
    ListenerVerifier verifier = listenerPrincipals == null ? null
        : new ListenerVerifier(settings.nodeId(), listenerPrincipals, scheduler, metrics);
    ClusterMember cluster = clustered == null ? null
        : new ClusterMember(clustered.store(), registry, settings.nodeId(), clustered.ttl(), settings.ticker()::nanoTime,
            clustered.consoleRole() == null ? null
                : consoleLinks(settings, self, metrics, callers, control, tenants, dispatch, handshake, verifier, registry),
            () -> clustered.address() != null ? List.of(clustered.address()) : listeners.get());
    Registry listed = cluster == null ? registry : cluster.registryView();
    ClusterRoutes routes = cluster == null ? null : cluster.routes();
    SessionEnvironment env = new SessionEnvironment(self, settings.hubs(), tenants, callers,
        new NodeListing(listed, tenants, settings.connectTimeout()), control, new RelayTargets(registry, metrics,
        settings.limits().relayBufferBytes(), routes));
    SessionFactory sessions = new SessionFactory(env, dispatch, registry, metrics, allocator, settings.maxPayloadSize());
    Authenticator authenticator = settings.authenticator();
    Binder binder = authenticator == null ? null : new Binder(settings, metrics, authenticator, new SetupAcceptor(
        settings.nodeId(), settings.codecs(), authenticator, scheduler, sessions, metrics,
        settings.trust().credentialRecheck(), closing));
    metrics.bindCallGauges(limiter::inFlight, () -> outboundInFlight(registry));
    return new PeerParts(self, owned, scheduler, limiter, metrics, registry, control, callers,
        new Router(registry, metrics, settings.hubs(),
        settings.tenant() == null ? Principal.DEFAULT_TENANT : settings.tenant(), routes),
        new Dialer(settings, metrics, sessions, handshake, verifier), binder,
        listed, cluster);
  }

  /**
   * How this console dials the other consoles of its cluster: its own dialer, whose sessions are
   * kept apart from the registry (the consoles are not nodes, and each dials every other, so the
   * registry would hold two sessions of one id) and relay nothing (they are dialed).
   */
  private static Function<List<String>, ReconnectingLink> consoleLinks(PeerSettings settings, LocalNode self,
      PeerMetrics metrics, CallerSettings callers, SessionControl control, TenantPolicy tenants, DispatchSettings dispatch,
      Handshake handshake, @Nullable ListenerVerifier verifier, SessionRegistry nodes) {
    SessionRegistry links = new SessionRegistry(Runnable::run);
    SessionEnvironment env = new SessionEnvironment(self, Set.of(), tenants, callers,
        new NodeListing(nodes, tenants, settings.connectTimeout()), control,
        new RelayTargets(links, metrics, settings.limits().relayBufferBytes(), null));
    Dialer dialer = new Dialer(settings, metrics,
        new SessionFactory(env, dispatch, links, metrics, ByteBufAllocator.DEFAULT, settings.maxPayloadSize()),
        handshake, verifier);
    return uris -> new ReconnectingLink(dialer, metrics, callers, uris, settings.reconnectMin(), settings.reconnectMax());
  }

  /** The role of a node this peer is connected to; a node behind a hub is {@code unknown} here. */
  private static String remoteRole(SessionRegistry registry, String nodeId) {
    Session session = registry.session(nodeId);
    return session == null ? "unknown" : session.remote().role();
  }

  private static int outboundInFlight(SessionRegistry registry) {
    return registry.sessions(NodeSelector.any()).stream().mapToInt(session -> session.load().localInFlight()).sum();
  }

  /**
   * The built-in interceptors (call log, then meters, then observations) before the application's.
   * Observations come first of the interceptors that are not sinks, so they end last and span the
   * application's interceptors too.
   */
  private static List<CallInterceptor> interceptors(PeerSettings settings, PeerMetrics metrics, SessionRegistry registry) {
    List<CallInterceptor> all = new ArrayList<>();
    all.add(new CallLog(settings.slowCallThreshold(), settings.slowCallListener()));
    MeterRegistry meters = metrics.registry();
    if (meters != null) {
      all.add(new MeterInterceptor(metrics, meters));
    }
    ObservationSettings observations = settings.observations();
    // The no-op registry observes nothing by definition: keep the chain free, as if unset.
    if (observations != null && observations.registry() != ObservationRegistry.NOOP) {
      all.add(new ObservationInterceptor(observations.registry(), observations.client(), observations.server(),
          nodeId -> remoteRole(registry, nodeId)));
    }
    all.addAll(settings.interceptors());
    return all;
  }

  private static <T> void exportUnchecked(ServiceRegistry services, PeerSettings.Export<T> export) {
    services.export(export.type(), export.implementation());
  }
}
