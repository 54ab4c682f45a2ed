package io.backchannel.core.internal.routing;

import io.backchannel.NoRouteException;
import io.backchannel.core.internal.call.CallScopes;
import io.backchannel.core.internal.metrics.PeerMetrics;
import io.backchannel.core.internal.proxy.CallTarget;
import io.backchannel.core.internal.proxy.TargetResolver;
import io.backchannel.core.internal.session.Session;
import io.backchannel.core.internal.session.SessionRegistry;
import io.backchannel.core.node.NodeSelector;
import io.backchannel.core.node.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The first level of routing: which node a call goes to. Every strategy considers only open,
 * non-draining sessions, and in a console cluster also the nodes other consoles hold (reached
 * through those consoles), and fails at once with {@link NoRouteException} when none is eligible.
 * A session this node holds always wins over another console's entry of the same node. The second
 * level, local dispatch to a method, is the {@code Dispatcher}'s.
 */
public final class Router {
  private final SessionRegistry registry;
  private final PeerMetrics metrics;
  private final Set<String> hubIds;
  private final String ownTenant;
  private final @Nullable RemoteNodes cluster;
  private final AtomicLong roundRobin = new AtomicLong();

  /**
   * @param hubIds the node ids of this node's hubs, which relay calls to nodes it has no connection to
   * @param ownTenant the tenant a selector that names none means, for the nodes this peer admitted
   * @param cluster the nodes other consoles hold, for a console whose cluster relays between consoles
   */
  public Router(SessionRegistry registry, PeerMetrics metrics, Set<String> hubIds, String ownTenant,
      @Nullable RemoteNodes cluster) {
    this.registry = registry;
    this.metrics = metrics;
    this.hubIds = Set.copyOf(hubIds);
    this.ownTenant = ownTenant;
    this.cluster = cluster;
  }

  /**
   * Open, non-draining nodes matching {@code selector}: sessions, then other consoles' nodes this
   * one does not hold. A selector without a tenant (and not {@link NodeSelector#anyTenant})
   * matches only admitted nodes of this peer's own tenant, and the nodes this peer dialed (it chose
   * them), so a node of another tenant announcing the same service is never picked by accident.
   * Fellow consoles are not nodes.
   */
  private List<Candidate> eligible(NodeSelector selector) {
    boolean scoped = selector.tenant() == null && !selector.allTenants();
    List<Candidate> candidates = new ArrayList<>();
    for (Session session : registry.sessions(selector)) {
      if (!session.isDraining() && !session.isConsole()
          && (!scoped || session.isDialed() || session.remote().tenant().equals(ownTenant))) {
        candidates.add(new Candidate(session.nodeId(), session.load().cost(), session));
      }
    }
    if (cluster != null) {
      for (RemoteNodes.Remote remote : cluster.matching(scoped ? selector.withTenant(ownTenant) : selector)) {
        if (registry.session(remote.node().nodeId()) == null) {
          candidates.add(new Candidate(remote.node().nodeId(), remote.cost(), remote.target()));
        }
      }
    }
    return candidates;
  }

  /**
   * Resolves {@code target} at each call, or the target of an enclosing {@code CallOptions.target}
   * block when one is bound around the call.
   */
  public TargetResolver resolver(Target target) {
    return new Overridable(fixed(target));
  }

  /** Eligible open, non-draining nodes matching {@code selector}, for a broadcast, in node id order. */
  public List<CallTarget> broadcastTargets(NodeSelector selector) {
    List<CallTarget> targets = eligible(selector).stream()
        .sorted(Comparator.comparing(Candidate::nodeId))
        .map(Candidate::target)
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
      RemoteNodes.Remote remote = cluster == null ? null : cluster.locate(tenant != null ? tenant : ownTenant, nodeId);
      if (remote != null && !remote.draining()) {
        return decided("cluster_relay", remote.target());
      }
    }
    throw noRoute("node", "no connected node '" + nodeId + "'");
  }

  /** The open connection this peer dialed to one of its configured hubs, if any. */
  private @Nullable Session hub() {
    for (String hubId : hubIds) {
      Session session = registry.session(hubId);
      if (session != null && session.isDialed()) {
        return session;
      }
    }
    return null;
  }

  private CallTarget select(Target.Selected target) {
    String strategy = target.strategy().name().toLowerCase(java.util.Locale.ROOT);
    List<Candidate> eligible = eligible(target.selector());
    if (eligible.isEmpty()) {
      NodeSelector selector = target.selector();
      throw noRoute(strategy, "no connected node matches " + selector
          + (selector.tenant() == null && !selector.allTenants()
              ? " in tenant '" + ownTenant + "' (a selector without a tenant means this node's own; name one with "
                  + "withTenant, or every tenant with NodeSelector.anyTenant())"
              : ""));
    }
    Candidate chosen = switch (target.strategy()) {
      case STICKY -> rendezvous(eligible, java.util.Objects.requireNonNull(target.key(), "sticky key"));
      case ROUND_ROBIN -> eligible.stream()
          .sorted(Comparator.comparing(Candidate::nodeId))
          .toList()
          .get((int) Math.floorMod(roundRobin.getAndIncrement(), (long) eligible.size()));
      case LEAST_LOADED -> twoChoices(eligible);
    };
    return decided(strategy, chosen.target());
  }

  /** Highest random weight: the node whose hash with the key is largest, stable while it stays. */
  private static Candidate rendezvous(List<Candidate> eligible, String key) {
    Candidate best = eligible.getFirst();
    long bestWeight = mix(fnv1a(key, best.nodeId()));
    for (Candidate candidate : eligible) {
      long weight = mix(fnv1a(key, candidate.nodeId()));
      if (weight > bestWeight) {
        best = candidate;
        bestWeight = weight;
      }
    }
    return best;
  }

  private static Candidate twoChoices(List<Candidate> eligible) {
    if (eligible.size() == 1) {
      return eligible.get(0);
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int first = random.nextInt(eligible.size());
    int second = random.nextInt(eligible.size() - 1);
    if (second >= first) {
      second++;
    }
    Candidate a = eligible.get(first);
    Candidate b = eligible.get(second);
    return a.cost() <= b.cost() ? a : b;
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

  /** A node a call may go to, and its least-loaded cost (a session's now, another console's as last published). */
  private record Candidate(String nodeId, double cost, CallTarget target) {}

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
