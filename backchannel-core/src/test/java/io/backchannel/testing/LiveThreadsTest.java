package io.backchannel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LiveThreadsTest {
  @Test
  void seesBackchannelsVirtualAndPlatformThreadsAndNoOthers() throws Exception {
    CountDownLatch end = new CountDownLatch(1);
    Runnable park = () -> {
      try {
        end.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    Thread virtual = Thread.ofVirtual().name("bc-live-threads-test-0").start(park);
    Thread platform = Thread.ofPlatform().daemon().name("backchannel-live-threads-test").start(park);
    Thread kafkaClient = Thread.ofPlatform().daemon().name("kafka-producer-network-thread | backchannel-test-1").start(park);
    Thread other = Thread.ofVirtual().name("someone-elses").start(park);
    try {
      assertThat(LiveThreads.backchannel().values())
          .extracting(LiveThreads.LiveThread::name)
          .contains("bc-live-threads-test-0", "backchannel-live-threads-test", "kafka-producer-network-thread | backchannel-test-1")
          .doesNotContain("someone-elses");
      assertThat(LiveThreads.backchannel().values())
          .filteredOn(thread -> thread.name().equals("bc-live-threads-test-0"))
          .singleElement()
          .satisfies(thread -> {
            assertThat(thread.virtual()).isTrue();
            assertThat(thread.stackTop()).isNotEmpty();
          });
    } finally {
      end.countDown();
      for (Thread thread : new Thread[] {virtual, platform, kafkaClient, other}) {
        thread.join();
      }
    }
  }
}
