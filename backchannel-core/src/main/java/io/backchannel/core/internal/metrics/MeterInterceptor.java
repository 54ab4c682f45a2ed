package io.backchannel.core.internal.metrics;

import io.backchannel.core.observe.Direction;
import io.backchannel.core.internal.call.CallSink;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The built-in interceptor that times every finished call, tagged by route, direction and outcome
 * (the {@code backchannel.calls} timer). Routes are bounded: an unexported inbound route is
 * reported as {@code "?"} and tagged {@code unknown}, every relayed call is tagged {@code relayed}.
 */
public final class MeterInterceptor implements CallSink {
  private final MeterRegistry registry;
  private final PeerMetrics owner;
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  private record Key(String route, Direction direction, String outcome) {}

  public MeterInterceptor(PeerMetrics owner, MeterRegistry registry) {
    this.owner = owner;
    this.registry = registry;
  }

  @Override
  public void finished(Direction direction, String route, String remoteNode, String requestId, long nanos,
      @Nullable Throwable failure) {
    // Relayed routes are whatever the caller sent: one series for all of them.
    String tag = direction == Direction.RELAYED ? "relayed" : route.equals("?") ? "unknown" : route;
    Key key = new Key(tag, direction, failure == null ? "ok" : failure.getClass().getSimpleName());
    timers.computeIfAbsent(key, k -> owner.keep(Timer.builder("backchannel.calls")
            .tags("route", k.route(), "direction", k.direction().name().toLowerCase(Locale.ROOT),
                "outcome", k.outcome())
            .description("finished calls").register(registry)))
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
