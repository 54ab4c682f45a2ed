package io.backchannel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.DeadlineExceededException;
import io.backchannel.OverloadedException;
import io.backchannel.RemoteService;
import io.backchannel.testing.TestAuth;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The concurrency bound counts handler threads, not just open streams. */
class InboundLimitTest {
  @RemoteService
  public interface Stubborn {
    /** Spins until released, ignoring interrupts, as CPU-bound or uninterruptible code does. */
    String spin();

    String quick();
  }

  static final class StubbornImpl implements Stubborn {
    final AtomicBoolean release = new AtomicBoolean();
    final AtomicInteger running = new AtomicInteger();

    @Override
    public String spin() {
      running.incrementAndGet();
      try {
        while (!release.get()) {
          Thread.onSpinWait();
        }
        return "done";
      } finally {
        running.decrementAndGet();
      }
    }

    @Override
    public String quick() {
      return "quick";
    }
  }

  @Test
  void aHandlerThatIgnoresItsInterruptKeepsItsSlotUntilItReturns() {
    StubbornImpl stubborn = new StubbornImpl();
    try (Peer console = Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
            .maxConcurrentCalls(1).export(Stubborn.class, stubborn).build();
        Peer sidecar = Peer.builder().nodeId("sidecar").credential(TestAuth.token("sidecar")).build()) {
      Stubborn remote = sidecar.dial(console.listen("tcp://127.0.0.1:0").uri().toString()).proxy(Stubborn.class);

      assertThatThrownBy(() -> CallOptions.deadline(Duration.ofMillis(200)).call(remote::spin))
          .isInstanceOf(DeadlineExceededException.class);
      assertThat(stubborn.running).hasValue(1);
      assertThatThrownBy(remote::quick).isInstanceOf(OverloadedException.class);

      stubborn.release.set(true);
      await().untilAsserted(() -> assertThat(remote.quick()).isEqualTo("quick"));
    }
  }
}
