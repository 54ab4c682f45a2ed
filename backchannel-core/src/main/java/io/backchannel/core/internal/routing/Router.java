package io.backchannel.core.internal.routing;

import io.backchannel.NoRouteException;
import io.backchannel.core.internal.call.CallScopes;
import io.backchannel.core.internal.metrics.PeerMetrics;
import io.backchannel.core.internal.proxy.CallTarget;
import io.backchannel.core.internal.proxy.TargetResolver;
import io.backchannel.core.internal.session.Session;
import io.backchannel.core.internal.session.SessionRegistry;
import io.backchannel.core.internal.wire.PayloadCodec;
import io.backchannel.core.node.NodeSelector;
import io.backchannel.core.node.Target;
import io.rsocket.RSocket;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The first level of routing: which connected node a call goes to. Every strategy considers only
 * open, non-draining sessions, and fails at once with {@link NoRouteException} when none is
 * eligible. The second level, local dispatch to a method, is the {@code Dispatcher}'s.
 */
public final class Router {
  private final SessionRegistry registry;
  private final PeerMetrics metrics;
  private final @Nullable String hubId;
  private final String ownTenant;
  private final AtomicLong roundRobin = new AtomicLong();

  /**
   * @param hubId the node id of this node's hub, which relays calls to nodes it has no connection to
   * @param ownTenant the tenant a selector that names none means, for the nodes this peer admitted
   */
  public Router(SessionRegistry registry, PeerMetrics metrics, @Nullable String hubId, String ownTenant) {
    this.registry = registry;
    this.metrics = metrics;
    this.hubId = hubId;
    this.ownTenant = ownTenant;
  }

  /**
   * Open, non-draining sessions matching {@code selector}. A selector without a tenant (and not
   * {@link NodeSelector#anyTenant}) matches only admitted nodes of this peer's own tenant, and the
   * nodes this peer dialed (it chose them), so a node of another tenant announcing the same
   * service is never picked by accident.
   */
  private List<Session> eligible(NodeSelector selector) {
    boolean scoped = selector.tenant() == null && !selector.allTenants();
    return registry.sessions(selector).stream()
        .filter(session -> !session.isDraining())
        .filter(session -> !scoped || session.isDialed() || session.remote().tenant().equals(ownTenant))
        .toList();
  }

  /**
   * Resolves {@code target} at each call, or the target of an enclosing {@code CallOptions.target}
   * block when one is bound around the call.
   */
  public TargetResolver resolver(Target target) {
    return new Overridable(fixed(target));
  }

  /** Eligible open, non-draining sessions matching {@code selector}, for a broadcast. */
  public List<Session> broadcastTargets(NodeSelector selector) {
    List<Session> targets = eligible(selector).stream()
        .sorted(Comparator.comparing(Session::nodeId))
        .toList();
    metrics.routed("broadcast", !targets.isEmpty());
    return targets;
  }

  private TargetResolver fixed(Target target) {
    return switch (target) {
      case Target.Node node -> new Resolver(target, () -> byNodeId(node.nodeId(), node.tenant()));
      case Target.Selected selected -> new Resolver(target, () -> select(selected));
    };
  }

  private CallTarget byNodeId(String nodeId, @Nullable String tenant) {
    Session direct = registry.session(nodeId);
    // Without a tenant, the id means a node of this peer's own tenant or one it dialed, as a
    // selector without one does: an id another tenant holds is never called by mistake.
    if (direct != null && (tenant != null ? !direct.remote().tenant().equals(tenant)
        : !direct.isDialed() && !direct.remote().tenant().equals(ownTenant))) {
      throw noRoute("node", "no connected node '" + nodeId + "' in tenant '" + (tenant != null ? tenant : ownTenant)
          + "'" + (tenant != null ? "" : " (an id without a tenant means this node's own; name it with Target.node(tenant, id))"));
    }
    if (direct != null && !direct.isDraining()) {
      return decided("node", direct);
    }
    if (direct == null) {
      Session hub = hub();
      if (hub != null && !hub.nodeId().equals(nodeId)) {
        return decided("relay", new RelayedTarget(hub, nodeId));
      }
    }
    throw noRoute("node", "no connected node '" + nodeId + "'");
  }

  /** The open connection this peer dialed to its configured hub, if any. */
  private @Nullable Session hub() {
    Session session = hubId == null ? null : registry.session(hubId);
    return session != null && session.isDialed() ? session : null;
  }

  private CallTarget select(Target.Selected target) {
    String strategy = target.strategy().name().toLowerCase(java.util.Locale.ROOT);
    List<Session> eligible = eligible(target.selector());
    if (eligible.isEmpty()) {
      NodeSelector selector = target.selector();
      throw noRoute(strategy, "no connected node matches " + selector
          + (selector.tenant() == null && !selector.allTenants()
              ? " in tenant '" + ownTenant + "' (a selector without a tenant means this node's own; name one with "
                  + "withTenant, or every tenant with NodeSelector.anyTenant())"
              : ""));
    }
    Session chosen = switch (target.strategy()) {
      case STICKY -> rendezvous(eligible, java.util.Objects.requireNonNull(target.key(), "sticky key"));
      case ROUND_ROBIN -> eligible.stream()
          .sorted(Comparator.comparing(Session::nodeId))
          .toList()
          .get((int) Math.floorMod(roundRobin.getAndIncrement(), (long) eligible.size()));
      case LEAST_LOADED -> twoChoices(eligible);
    };
    return decided(strategy, chosen);
  }

  /** Highest random weight: the node whose hash with the key is largest, stable while it stays. */
  private static Session rendezvous(List<Session> eligible, String key) {
    Session best = eligible.getFirst();
    long bestWeight = mix(fnv1a(key, best.nodeId()));
    for (Session connection : eligible) {
      long weight = mix(fnv1a(key, connection.nodeId()));
      if (weight > bestWeight) {
        best = connection;
        bestWeight = weight;
      }
    }
    return best;
  }

  private static Session twoChoices(List<Session> eligible) {
    if (eligible.size() == 1) {
      return eligible.get(0);
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int first = random.nextInt(eligible.size());
    int second = random.nextInt(eligible.size() - 1);
    if (second >= first) {
      second++;
    }
    Session a = eligible.get(first);
    Session b = eligible.get(second);
    return a.load().cost() <= b.load().cost() ? a : b;
  }

  private CallTarget decided(String strategy, CallTarget target) {
    metrics.routed(strategy, true);
    return target;
  }

  private NoRouteException noRoute(String strategy, String message) {
    metrics.routed(strategy, false);
    return new NoRouteException(message, null, null);
  }

  private static long fnv1a(String key, String nodeId) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : (key + '\u0000' + nodeId).getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A call to {@code destination} that the hub relays. */
  private record RelayedTarget(Session hub, String destination) implements CallTarget {
    @Override
    public int streamPrefetch() {
      return hub.streamPrefetch();
    }

    @Override
    public boolean isOpen() {
      return hub.isOpen();
    }

    @Override
    public RSocket requester() {
      return hub.requester();
    }

    @Override
    public PayloadCodec codec() {
      return hub.codec();
    }

    @Override
    public String nodeId() {
      return destination;
    }

    @Override
    public @Nullable String destination() {
      return destination;
    }
  }

  /** A proxy's resolver that yields to a target bound around the call with {@code CallOptions}. */
  private final class Overridable implements TargetResolver {
    private final TargetResolver fixed;

    Overridable(TargetResolver fixed) {
      this.fixed = fixed;
    }

    @Override
    public CallTarget resolve() {
      return fixed.resolve();
    }

    @Override
    public TargetResolver atInvocation() {
      return CallScopes.TARGET.isBound() ? fixed(CallScopes.TARGET.get()) : fixed;
    }

    @Override
    public String describe() {
      return fixed.describe();
    }
  }

  /** A target resolved at each call. */
  private record Resolver(Target target, java.util.function.Supplier<CallTarget> pick) implements TargetResolver {
    @Override
    public CallTarget resolve() {
      return pick.get();
    }

    @Override
    public String describe() {
      return target.toString();
    }
  }
}
