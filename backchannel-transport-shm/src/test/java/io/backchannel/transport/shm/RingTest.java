package io.backchannel.transport.shm;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One ring, a producer thread and a consumer thread, through a real mapped file. */
class RingTest {
  private static ShmTestDirs dirs;

  @BeforeAll
  static void createDirs() {
    dirs = new ShmTestDirs();
  }

  @AfterAll
  static void deleteDirs() throws Exception {
    if (dirs != null) {
      dirs.close();
    }
  }

  @ParameterizedTest(name = "spin {0} ns")
  @ValueSource(longs = {0, 50_000})
  void framesOfRandomSizesWrapAroundAndSurviveIntact(long spinNanos) throws Exception {
    Path file = RingFiles.create(dirs.ringDir);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    try (MappedRings rings = MappedRings.create(file, 4096)) {
      RingFiles.unlink(file);
      Ring ring = rings.ring(RingDescriptor.DIALER_TO_LISTENER);
      Wakeup wakeup = Futex.available().<Wakeup>map(Wakeup.FutexWakeup::new).orElseThrow();
      Waiter dataWaiter = new Waiter(ring.readerWaiting(), wakeup, spinNanos, () -> false);
      Waiter spaceWaiter = new Waiter(ring.writerWaiting(), wakeup, spinNanos, () -> false);
      RingWriter writer = new RingWriter(ring, new Notifier(ring.readerWaiting(), wakeup, Wakeup.DATA), spaceWaiter, () -> false);
      RingReader reader = new RingReader(
          ring, ByteBufAllocator.DEFAULT, new Notifier(ring.writerWaiting(), wakeup, Wakeup.SPACE), dataWaiter,
          () -> false, () -> false);

      Random random = new Random(7);
      List<byte[]> sent = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        int size = switch (i % 4) {
          case 0 -> 1 + random.nextInt(16);
          case 1 -> 1 + random.nextInt(4096);
          case 2 -> 1 + random.nextInt(300);
          default -> 1 + random.nextInt(20_000); // larger than the ring
        };
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        sent.add(bytes);
      }
      CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
        try {
          for (byte[] bytes : sent) {
            ByteBuf frame = ByteBufAllocator.DEFAULT.buffer(bytes.length).writeBytes(bytes);
            try {
              if (!writer.tryWrite(frame)) {
                writer.write(frame);
              }
            } finally {
              frame.release();
            }
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      for (byte[] expected : sent) {
        ByteBuf frame = reader.read();
        try {
          assertThat(frame).isNotNull();
          assertThat(frame.readableBytes()).isEqualTo(expected.length);
          byte[] actual = new byte[expected.length];
          frame.readBytes(actual);
          assertThat(actual).isEqualTo(expected);
        } finally {
          frame.release();
        }
      }
      producer.get(30, TimeUnit.SECONDS);
      assertThat(ring.headAcquire()).isEqualTo(ring.tailAcquire());
    }
  }
}
