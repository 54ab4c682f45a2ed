package io.backchannel.core;

import io.backchannel.NoRouteException;
import io.backchannel.core.internal.proxy.CallTarget;
import io.backchannel.core.internal.proxy.TargetResolver;
import io.backchannel.core.internal.wire.ErrorMapping;
import io.backchannel.core.internal.wire.ErrorStatus;
import io.backchannel.core.internal.wire.PayloadCodec;
import io.rsocket.RSocket;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The first level of routing: which connected node a call goes to. Every strategy considers only
 * open, non-draining sessions, and fails at once with {@link NoRouteException} when none is
 * eligible. The second level, local dispatch to a method, is the {@code Dispatcher}'s.
 */
final class Router {
  private final Peer peer;
  private final AtomicLong roundRobin = new AtomicLong();

  Router(Peer peer) {
    this.peer = peer;
  }

  TargetResolver resolver(Target target) {
    return switch (target) {
      case NodeTarget node -> new Resolver(target, () -> byNodeId(node.nodeId()));
      case SelectedTarget selected -> new Resolver(target, () -> select(selected));
    };
  }

  private CallTarget byNodeId(String nodeId) {
    PeerConnection direct = peer.sessions().session(nodeId);
    if (direct != null && !direct.isDraining()) {
      return decided("node", direct);
    }
    if (direct == null) {
      PeerConnection hub = peer.hub();
      if (hub != null && !hub.nodeId().equals(nodeId)) {
        return decided("relay", new RelayedTarget(hub, nodeId));
      }
    }
    throw noRoute("node", "no connected node '" + nodeId + "'");
  }

  private CallTarget select(SelectedTarget target) {
    String strategy = target.strategy().name().toLowerCase(java.util.Locale.ROOT);
    List<PeerConnection> eligible = peer.sessions().sessions(target.selector()).stream()
        .filter(connection -> !connection.isDraining())
        .toList();
    if (eligible.isEmpty()) {
      throw noRoute(strategy, "no connected node matches " + target.selector());
    }
    PeerConnection chosen = switch (target.strategy()) {
      case STICKY -> rendezvous(eligible, Objects.requireNonNull(target.key(), "sticky target without a key"));
      case ROUND_ROBIN -> eligible.stream()
          .sorted(Comparator.comparing(PeerConnection::nodeId))
          .toList()
          .get((int) Math.floorMod(roundRobin.getAndIncrement(), (long) eligible.size()));
      case LEAST_LOADED -> twoChoices(eligible);
    };
    return decided(strategy, chosen);
  }

  /** Highest random weight: the node whose hash with the key is largest, stable while it stays. */
  private static PeerConnection rendezvous(List<PeerConnection> eligible, String key) {
    PeerConnection best = eligible.getFirst();
    long bestWeight = mix(fnv1a(key, best.nodeId()));
    for (PeerConnection connection : eligible) {
      long weight = mix(fnv1a(key, connection.nodeId()));
      if (weight > bestWeight) {
        best = connection;
        bestWeight = weight;
      }
    }
    return best;
  }

  private static PeerConnection twoChoices(List<PeerConnection> eligible) {
    if (eligible.size() == 1) {
      return eligible.get(0);
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int first = random.nextInt(eligible.size());
    int second = random.nextInt(eligible.size() - 1);
    if (second >= first) {
      second++;
    }
    PeerConnection a = eligible.get(first);
    PeerConnection b = eligible.get(second);
    return a.load().cost() <= b.load().cost() ? a : b;
  }

  /**
   * For a hub relaying a call from {@code caller}: the destination's requester, if the caller may
   * reach it. The error is the same whether the node does not exist or belongs to another tenant.
   */
  RSocket relayTarget(PeerConnection caller, String destination) {
    PeerConnection target = peer.sessions().session(destination);
    NodeInfo from = caller.remote();
    boolean visible = target != null && !target.isDraining()
        && (target.remote().tenant().equals(from.tenant()) || peer.isCrossTenant(from.role()));
    if (target == null || !visible) {
      peer.metrics().routed("relay", false);
      throw ErrorMapping.invalid(ErrorStatus.NO_ROUTE, "no route to node '" + destination + "'", null);
    }
    peer.metrics().routed("relay", true);
    return target.requester();
  }

  private CallTarget decided(String strategy, CallTarget target) {
    peer.metrics().routed(strategy, true);
    return target;
  }

  private NoRouteException noRoute(String strategy, String message) {
    peer.metrics().routed(strategy, false);
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
  private record RelayedTarget(PeerConnection hub, String destination) implements CallTarget {
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
