package io.backchannel.transport.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class FutexTest {

  @Test
  void isAvailableWithNativeAccessOnLinux() {
    assertThat(Futex.class.getModule().isNativeAccessEnabled()).isTrue();
    assertThat(Futex.available()).isPresent();
  }

  @Test
  void waitReturnsAtOnceWhenTheWordDiffers() {
    Futex futex = Futex.available().orElseThrow();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment word = arena.allocate(4, 4);
      word.set(ValueLayout.JAVA_INT, 0, 0);
      // Would sleep for an hour if the kernel compared against the wrong value.
      futex.await(word, 1, Duration.ofHours(1).toNanos(), Futex.newTimespec());
    }
  }

  @Test
  void wakeReleasesASleepingThread() throws Exception {
    Futex futex = Futex.available().orElseThrow();
    try (Arena arena = Arena.ofShared()) {
      MemorySegment word = arena.allocate(4, 4);
      word.set(ValueLayout.JAVA_INT, 0, 1);
      AtomicBoolean woke = new AtomicBoolean();
      Thread waiter = Thread.ofPlatform().start(() -> {
        MemorySegment timespec = Futex.newTimespec();
        while (word.get(ValueLayout.JAVA_INT, 0) == 1) {
          futex.await(word, 1, Duration.ofHours(1).toNanos(), timespec);
        }
        woke.set(true);
      });
      await().atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.RUNNABLE);
      word.set(ValueLayout.JAVA_INT, 0, 0);
      futex.wakeOne(word);
      waiter.join(Duration.ofSeconds(5));
      assertThat(woke).isTrue();
    }
  }
}
