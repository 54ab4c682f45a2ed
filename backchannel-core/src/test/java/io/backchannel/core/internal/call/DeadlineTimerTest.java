package io.backchannel.core.internal.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The timer behind every deadline: it fires, a cancel disarms it and lets go of it, and a closed
 * peer's timer arms nothing.
 */
class DeadlineTimerTest {
  private final DeadlineTimer timer = new DeadlineTimer("bc-test-deadlines");

  @AfterEach
  void close() {
    timer.close();
  }

  @Test
  void aDelayEmitsOnceDue() {
    assertThat(timer.delay(TimeUnit.MILLISECONDS.toNanos(20)).block(Duration.ofSeconds(10))).isZero();
  }

  @Test
  void aTimeoutOnTheWheelFailsWorkThatNeverEnds() {
    assertThatThrownBy(() -> Mono.never().timeout(timer.delay(TimeUnit.MILLISECONDS.toNanos(20)))
        .block(Duration.ofSeconds(10))).hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
  }

  @Test
  void aCancelledDelayNeverFires() throws Exception {
    AtomicBoolean fired = new AtomicBoolean();
    Disposable armed = timer.delay(TimeUnit.MILLISECONDS.toNanos(50)).subscribe(tick -> fired.set(true));
    armed.dispose();
    // A later delay firing shows the cancelled one's time has passed.
    timer.delay(TimeUnit.MILLISECONDS.toNanos(200)).block(Duration.ofSeconds(10));
    assertThat(fired).isFalse();
  }

  @Test
  void anEarlierDeadlineWakesATimerWaitingForALaterOne() {
    timer.schedule(() -> {}, TimeUnit.MINUTES.toNanos(10));
    assertThat(timer.delay(TimeUnit.MILLISECONDS.toNanos(20)).block(Duration.ofSeconds(10))).isZero();
  }

  @Test
  void deadlinesArmedFromManyThreadsAtOnceAllFire() throws Exception {
    int threads = 8;
    int each = 2_000;
    CountDownLatch fired = new CountDownLatch(threads * each);
    try (var pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        pool.execute(() -> {
          var random = ThreadLocalRandom.current();
          for (int i = 0; i < each; i++) {
            timer.schedule(fired::countDown, random.nextLong(TimeUnit.MILLISECONDS.toNanos(50)));
          }
        });
      }
    }
    assertThat(fired.await(30, TimeUnit.SECONDS)).as("every deadline fired").isTrue();
    assertThat(timer.armed()).isZero();
  }

  @Test
  void cancelledDeadlinesAreNotKeptUntilTheyWouldHaveFired() {
    // A call's deadline may be minutes away: keeping every cancelled one would grow with the call rate.
    for (int i = 0; i < 10_000; i++) {
      timer.schedule(() -> {}, TimeUnit.MINUTES.toNanos(10)).dispose();
      timer.delay(TimeUnit.MINUTES.toNanos(10)).subscribe().dispose();
    }
    assertThat(timer.armed()).isZero();
  }

  @Test
  void aClosedTimerFailsNewDelaysWithAClearError() {
    timer.close();
    assertThatThrownBy(() -> timer.delay(1_000_000).block(Duration.ofSeconds(10)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("peer is closed");
  }
}
