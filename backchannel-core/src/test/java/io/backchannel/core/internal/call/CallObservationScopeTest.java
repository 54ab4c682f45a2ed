package io.backchannel.core.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.backchannel.core.internal.wire.AppMetadata;
import io.backchannel.core.observe.Direction;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class CallObservationScopeTest {
  private final List<String> events = new CopyOnWriteArrayList<>();

  /** A built-in sink, as the call log and meters are. */
  private static final CallSink SINK = (direction, route, remoteNode, requestId, nanos, failure) -> {};

  private ScopedObserver scoped(String name) {
    return new ScopedObserver() {
      @Override
      public Scope openScope() {
        events.add("open " + name);
        return () -> events.add("close " + name);
      }

      @Override
      public void onEnd(io.backchannel.core.observe.CallRecord record) {
        events.add("end " + name);
      }
    };
  }

  private static CallObservation inbound(InterceptorChain chain) {
    return chain.start(Direction.INBOUND, "Greeter.hello", "console", "r1", Long.MAX_VALUE, AppMetadata.inbound(java.util.Map.of()));
  }

  @Test
  void aChainOfBuiltInSinksOpensNothingAndLeavesTheMetadataClosed() {
    InterceptorChain chain = new InterceptorChain(List.of(SINK), Ticker.SYSTEM);

    assertThat(chain.outboundMetadata()).isSameAs(AppMetadata.none());
    assertThat(inbound(chain).openScope()).isSameAs(ScopedObserver.Scope.NONE);
  }

  @Test
  void scopesOpenInTheOrderOfTheChainAndCloseInReverseSkippingOneThatThrows() {
    InterceptorChain chain = new InterceptorChain(List.of(SINK, call -> scoped("a"), call -> new ScopedObserver() {
      @Override
      public Scope openScope() {
        throw new IllegalStateException("observer bug");
      }

      @Override
      public void onEnd(io.backchannel.core.observe.CallRecord record) {}
    }, call -> null, call -> scoped("b")), Ticker.SYSTEM);
    CallObservation observation = inbound(chain);

    try (var _ = observation.openScope()) {
      events.add("handler");
    }
    observation.end((@Nullable Throwable) null);

    assertThat(events).containsExactly("open a", "open b", "handler", "close b", "close a", "end b", "end a");
  }
}
