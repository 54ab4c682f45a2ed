package io.backchannel.core;

import io.backchannel.core.internal.call.CallId;
import io.backchannel.core.internal.call.CallMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The peer's Micrometer meters, listed in {@code docs/metrics.md}. Tags are
 * bounded: routes come from exported or proxied interfaces (unknown routes are tagged {@code
 * unknown}), tenants from authenticated sessions, the rest from fixed sets. Without a registry
 * every method is a no-op.
 */
final class PeerMetrics implements CallMetrics {
  private final @Nullable MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Boolean> sessionGauges = new ConcurrentHashMap<>();

  PeerMetrics(@Nullable MeterRegistry registry) {
    this.registry = registry;
  }

  /** Registers the gauges that read the peer's live state. */
  void bind(Peer peer) {
    if (registry == null) {
      return;
    }
    Gauge.builder("backchannel.calls.active", peer, p -> p.inboundInFlight())
        .tag("direction", "inbound").description("calls being served").register(registry);
    Gauge.builder("backchannel.calls.active", peer, p -> p.outboundInFlight())
        .tag("direction", "outbound").description("calls awaiting a response").register(registry);
  }

  /** Makes sure a gauge counts the sessions of {@code tenant} in each state. */
  void tenantSeen(String tenant, Peer peer) {
    if (registry == null || sessionGauges.putIfAbsent(tenant, Boolean.TRUE) != null) {
      return;
    }
    for (String state : new String[] {"online", "draining"}) {
      boolean draining = state.equals("draining");
      Gauge.builder("backchannel.sessions", peer, p -> p.sessionCount(tenant, draining))
          .tags("tenant", tenant, "state", state).description("connected nodes").register(registry);
    }
  }

  @Override
  public void record(CallId call, long nanos, @Nullable Throwable failure) {
    if (registry == null) {
      return;
    }
    String direction = call.direction().name().toLowerCase(Locale.ROOT);
    String outcome = failure == null ? "ok" : failure.getClass().getSimpleName();
    String route = call.route().equals("?") ? "unknown" : call.route();
    String key = route + '|' + direction + '|' + outcome;
    timers.computeIfAbsent(key, k -> Timer.builder("backchannel.calls")
            .tags("route", route, "direction", direction, "outcome", outcome)
            .description("finished calls").register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void bytes(boolean inbound, int count) {
    increment(count, "backchannel.bytes", "direction", inbound ? "in" : "out");
  }

  void reconnected() {
    increment(1, "backchannel.reconnects");
  }

  void authenticationFailed() {
    increment(1, "backchannel.auth.failures");
  }

  void routed(String strategy, boolean found) {
    increment(1, "backchannel.routing.decisions", "strategy", strategy, "outcome", found ? "routed" : "no_route");
  }

  private void increment(double amount, String name, String... tags) {
    if (registry == null) {
      return;
    }
    String key = name + String.join("|", tags);
    counters.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).register(registry)).increment(amount);
  }
}
