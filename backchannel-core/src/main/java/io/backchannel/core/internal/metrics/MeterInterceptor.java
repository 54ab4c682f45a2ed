package io.backchannel.core.internal.metrics;

import io.backchannel.core.observe.CallInterceptor;
import io.backchannel.core.observe.CallObserver;
import io.backchannel.core.observe.CallRecord;
import io.backchannel.core.observe.CallStart;
import io.backchannel.core.observe.Direction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The built-in interceptor that times every finished call, tagged by route, direction and outcome
 * (the {@code backchannel.calls} timer). Routes are bounded: an unexported inbound route is
 * reported as {@code "?"} and tagged {@code unknown}, every relayed call is tagged {@code relayed}.
 */
public final class MeterInterceptor implements CallInterceptor, CallObserver {
  private final MeterRegistry registry;
  private final PeerMetrics owner;
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  private record Key(String route, Direction direction, String outcome) {}

  public MeterInterceptor(PeerMetrics owner, MeterRegistry registry) {
    this.owner = owner;
    this.registry = registry;
  }

  @Override
  public CallObserver onStart(CallStart call) {
    return this;
  }

  @Override
  public void onEnd(CallRecord record) {
    // Relayed routes are whatever the caller sent: one series for all of them.
    String route = record.direction() == Direction.RELAYED ? "relayed"
        : record.route().equals("?") ? "unknown" : record.route();
    Key key = new Key(route, record.direction(), record.outcome());
    timers.computeIfAbsent(key, k -> owner.keep(Timer.builder("backchannel.calls")
            .tags("route", k.route(), "direction", k.direction().name().toLowerCase(Locale.ROOT),
                "outcome", k.outcome())
            .description("finished calls").register(registry)))
        .record(record.duration());
  }
}
