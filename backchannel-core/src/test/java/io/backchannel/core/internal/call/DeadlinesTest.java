package io.backchannel.core.internal.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backchannel.testing.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Deadline arithmetic on a clock the test moves: exact budgets, no waiting. */
class DeadlinesTest {
  private final FakeTicker clock = new FakeTicker();
  private final Deadlines deadlines = new Deadlines(clock::getAsLong, new DeadlineTimer("test-deadlines"));

  @AfterEach
  void stopTimer() {
    deadlines.close();
  }

  @Test
  void theBudgetShrinksAsTheClockMovesAndIsRoundedUpToTheMillisecond() {
    long deadline = Deadlines.plus(deadlines.now(), Duration.ofSeconds(10));
    assertThat(deadlines.remainingMillis(deadline)).isEqualTo(10_000);
    clock.advance(Duration.ofMillis(2_500).plusNanos(1));
    assertThat(deadlines.remainingMillis(deadline)).isEqualTo(7_500);
    clock.advance(Duration.ofSeconds(8));
    assertThat(deadlines.remainingMillis(deadline)).isZero();
    assertThat(deadlines.remainingNanos(deadline)).isZero();
  }

  @Test
  void noDeadlineStaysUnbounded() {
    assertThat(Deadlines.plus(deadlines.now(), Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    clock.advance(Duration.ofDays(365));
    assertThat(deadlines.remainingMillis(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void anOutboundCallGetsThePeerDefaultUnlessTheMethodSaysOtherwise() {
    long start = deadlines.now();
    assertThat(deadlines.outbound(start, null, Duration.ofSeconds(30)) - start).isEqualTo(Duration.ofSeconds(30).toNanos());
    assertThat(deadlines.outbound(start, Duration.ofSeconds(2), Duration.ofSeconds(30)) - start)
        .isEqualTo(Duration.ofSeconds(2).toNanos());
  }

  @Test
  void aNestedCallNeverOutlivesTheCallItServes() throws Exception {
    // The parent is served on another peer's clock, 4 s into a 10 s budget: 6 s are left to pass on.
    FakeTicker parentClock = new FakeTicker();
    Deadlines parentDeadlines = new Deadlines(parentClock::getAsLong, new DeadlineTimer("test-parent-deadlines"));
    parentDeadlines.close(); // only its ticker is read
    long parentDeadline = Deadlines.plus(parentDeadlines.now(), Duration.ofSeconds(10));
    parentClock.advance(Duration.ofSeconds(4));
    InboundCall parent = new InboundCall("r-1", "Svc.m", "caller", parentDeadline, parentDeadlines);
    clock.advance(Duration.ofHours(3)); // unrelated readings: only the budget carries over
    long start = deadlines.now();
    long nested = ScopedValue.where(InboundCall.CURRENT, parent)
        .call(() -> deadlines.outbound(start, null, Duration.ofSeconds(30)));
    assertThat(nested - start).isEqualTo(Duration.ofSeconds(6).toNanos());
    long shorter = ScopedValue.where(InboundCall.CURRENT, parent)
        .call(() -> deadlines.outbound(start, Duration.ofSeconds(1), Duration.ofSeconds(30)));
    assertThat(shorter - start).isEqualTo(Duration.ofSeconds(1).toNanos());
  }

  @Test
  void aDeadlineAlreadyPastExpiresAtOnce() {
    long deadline = Deadlines.plus(deadlines.now(), Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(6));
    // Mono.never() would hang for ever: only the already-spent budget can end these.
    assertThatThrownBy(() -> deadlines.bound(Mono.never(), deadline, Expired::new).block(Duration.ofSeconds(30)))
        .isInstanceOf(Expired.class);
    assertThatThrownBy(() -> deadlines.bound(Flux.never(), deadline, Expired::new).blockLast(Duration.ofSeconds(30)))
        .isInstanceOf(Expired.class);
  }

  @Test
  void aStreamThatCompletesInTimeIsNotFailed() {
    long deadline = Deadlines.plus(deadlines.now(), Duration.ofMinutes(10));
    assertThat(deadlines.bound(Flux.just(1, 2, 3), deadline, Expired::new).collectList().block(Duration.ofSeconds(30)))
        .containsExactly(1, 2, 3);
  }

  private static final class Expired extends RuntimeException {}
}
