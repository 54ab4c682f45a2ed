package io.backchannel.core.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The peer's Micrometer meters, listed in {@code docs/metrics.md}, except the per-call timers
 * ({@link MeterInterceptor}). Tags are bounded: tenants come from authenticated sessions, the rest
 * from fixed sets. Without a registry every method is a no-op. {@link #close} removes every meter
 * this peer registered, so that closing a peer undoes building it.
 */
public final class PeerMetrics implements AutoCloseable {
  private final @Nullable MeterRegistry registry;
  private final @Nullable Counter bytesIn;
  private final @Nullable Counter bytesOut;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Counter[]> routing = new ConcurrentHashMap<>();
  private final Map<String, Boolean> sessionGauges = new ConcurrentHashMap<>();
  private final List<Meter> registered = new CopyOnWriteArrayList<>();

  public PeerMetrics(@Nullable MeterRegistry registry) {
    this.registry = registry;
    this.bytesIn = registry == null ? null : keep(Counter.builder("backchannel.bytes").tags("direction", "in").register(registry));
    this.bytesOut = registry == null ? null : keep(Counter.builder("backchannel.bytes").tags("direction", "out").register(registry));
  }

  /** The registry, if meters are recorded at all. */
  public @Nullable MeterRegistry registry() {
    return registry;
  }

  /** Registers the gauges of calls in flight in each direction. */
  public void bindCallGauges(IntSupplier inbound, IntSupplier outbound) {
    if (registry == null) {
      return;
    }
    // Strong references: the suppliers are lambdas nothing else holds, and a weakly held gauge reads NaN after a GC.
    keep(Gauge.builder("backchannel.calls.active", inbound, IntSupplier::getAsInt).strongReference(true)
        .tag("direction", "inbound").description("calls being served").register(registry));
    keep(Gauge.builder("backchannel.calls.active", outbound, IntSupplier::getAsInt).strongReference(true)
        .tag("direction", "outbound").description("calls awaiting a response").register(registry));
  }

  /** Makes sure a gauge counts the sessions of {@code tenant} in each state. */
  public void tenantSeen(String tenant, SessionCounter sessions) {
    if (registry == null || sessionGauges.putIfAbsent(tenant, Boolean.TRUE) != null) {
      return;
    }
    for (String state : new String[] {"online", "draining"}) {
      boolean draining = state.equals("draining");
      keep(Gauge.builder("backchannel.sessions", sessions, s -> s.count(tenant, draining))
          .tags("tenant", tenant, "state", state).description("connected nodes").register(registry));
    }
  }

  /** Counts the sessions of one tenant, for the session gauges. */
  @FunctionalInterface
  public interface SessionCounter {
    int count(String tenant, boolean draining);
  }

  public void bytes(boolean inbound, int count) {
    Counter counter = inbound ? bytesIn : bytesOut;
    if (counter != null) {
      counter.increment(count);
    }
  }

  public void reconnected() {
    increment("backchannel.reconnects");
  }

  public void authenticationFailed() {
    increment("backchannel.auth.failures");
  }

  /** A call refused by a bound ({@code reason}: the bound's fixed name), never served or relayed. */
  public void callRefused(String reason) {
    increment("backchannel.calls.refused", "reason", reason);
  }

  /**
   * Counts something a peer refused because it was not proven or exceeds a bound on what a node
   * may claim; {@code reason} is one of a fixed set (see {@code docs/metrics.md}).
   */
  public void refused(String reason) {
    increment("backchannel.trust.refusals", "reason", reason);
  }

  /** Counts a session closed because its credential expired or was revoked. */
  public void credentialEnded(String reason) {
    increment("backchannel.sessions.ended", "reason", reason);
  }

  /** A listener closed a connection before admitting it; {@code reason} is a fixed tag value. */
  public void connectionRefused(String reason) {
    increment("backchannel.connections.refused", "reason", reason);
  }

  /** Counts one routing decision; on the call path, so its counters are looked up, never keyed by a joined string. */
  public void routed(String strategy, boolean found) {
    MeterRegistry meters = registry;
    if (meters == null) {
      return;
    }
    Counter[] outcomes = routing.computeIfAbsent(strategy, name -> new Counter[] {
        keep(Counter.builder("backchannel.routing.decisions").tags("strategy", name, "outcome", "routed").register(meters)),
        keep(Counter.builder("backchannel.routing.decisions").tags("strategy", name, "outcome", "no_route").register(meters))});
    outcomes[found ? 0 : 1].increment();
  }

  @Override
  public void close() {
    MeterRegistry meters = registry;
    if (meters != null) {
      registered.forEach(meters::remove);
      registered.clear();
    }
  }

  <M extends Meter> M keep(M meter) {
    registered.add(meter);
    return meter;
  }

  private void increment(String name, String... tags) {
    MeterRegistry meters = registry;
    if (meters == null) {
      return;
    }
    String key = tags.length == 0 ? name : name + String.join("|", tags);
    counters.computeIfAbsent(key, k -> keep(Counter.builder(name).tags(tags).register(meters))).increment();
  }
}
