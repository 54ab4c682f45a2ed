package io.backchannel.core;

import io.backchannel.core.node.Target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.observe.CallRecord;
import io.backchannel.core.observe.Direction;
import io.backchannel.testing.Budget;
import io.backchannel.testing.FakeTicker;
import io.backchannel.testing.Closer;
import io.backchannel.testing.TestAuth;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deadline budgets and call durations over a real TCP connection, each peer on a clock the test
 * moves by hand: the numbers come out exact and nothing waits for time to pass.
 */
class DeadlineClockTest {
  private final FakeTicker consoleClock = new FakeTicker();
  private final FakeTicker sidecarClock = new FakeTicker();
  private final Queue<CallRecord> consoleSlowCalls = new ConcurrentLinkedQueue<>();
  private final Queue<CallRecord> sidecarSlowCalls = new ConcurrentLinkedQueue<>();
  private final Closer closer = new Closer();
  private Peer consolePeer;
  private Peer sidecarPeer;
  private Budget console;

  @BeforeEach
  void start() {
    consolePeer = closer.register(Peer.builder().nodeId("console").ticker(consoleClock)
        .authenticator(TestAuth.authenticator())
        .slowCallThreshold(Duration.ofSeconds(1)).slowCallListener(consoleSlowCalls::add)
        .export(Budget.class, new BudgetImpl(consoleClock, () -> consolePeer))
        .build());
    sidecarPeer = closer.register(Peer.builder().nodeId("sidecar").ticker(sidecarClock)
        .credential(TestAuth.token("sidecar"))
        .defaultDeadline(Duration.ofSeconds(30))
        .slowCallThreshold(Duration.ofSeconds(1)).slowCallListener(sidecarSlowCalls::add)
        .export(Budget.class, new BudgetImpl(sidecarClock, () -> sidecarPeer))
        .build());
    console = sidecarPeer.dial(consolePeer.listen("tcp://127.0.0.1:0").uri().toString()).proxy(Budget.class);
    await().until(() -> consolePeer.connection("sidecar").isPresent());
  }

  @AfterEach
  void stop() {
    closer.close();
  }

  @Test
  void theBudgetSentIsWhatTheCallersClockLeaves() {
    assertThat(console.remainingMillis()).as("the sidecar's 30 s default").isEqualTo(30_000);
    assertThat(CallOptions.deadline(Duration.ofMillis(12_345)).call(console::remainingMillis)).isEqualTo(12_345);
  }

  @Test
  void aNestedCallInheritsWhatIsLeftOfTheCallItServes() {
    // The console's handler spends 3 s of a 10 s budget, then calls back: 7 s travel with it.
    String seen = CallOptions.deadline(Duration.ofSeconds(10)).call(() -> console.callBackAfter(3_000));
    assertThat(seen).isEqualTo("remaining=7000");
  }

  @Test
  void aNestedCallWhoseInheritedDeadlineHasPassedFailsAsExceeded() {
    String seen = CallOptions.deadline(Duration.ofSeconds(10)).call(() -> console.callBackAfter(10_001));
    assertThat(seen).isEqualTo("DeadlineExceededException");
  }

  @Test
  void callDurationsAreReadOffEachPeersOwnClock() {
    console.callBackAfter(1_500);
    // Only the console's clock moved, and only while it served the call: 1.5 s on its side.
    await().untilAsserted(() -> assertThat(consoleSlowCalls).singleElement().satisfies(call -> {
      assertThat(call.route()).isEqualTo("Budget.callBackAfter");
      assertThat(call.direction()).isEqualTo(Direction.INBOUND);
      assertThat(call.duration()).isEqualTo(Duration.ofMillis(1_500));
    }));
    assertThat(sidecarSlowCalls).isEmpty();
  }

  private record BudgetImpl(FakeTicker clock, java.util.function.Supplier<Peer> peer) implements Budget {
    @Override
    public long remainingMillis() {
      return CallContext.current().orElseThrow().remaining().toMillis();
    }

    @Override
    public String callBackAfter(long millis) {
      clock.advance(Duration.ofMillis(millis));
      String caller = CallContext.current().orElseThrow().remoteNode();
      try {
        return "remaining=" + peer.get().proxy(Budget.class, Target.node(caller)).remainingMillis();
      } catch (RuntimeException e) {
        return e.getClass().getSimpleName();
      }
    }
  }
}
