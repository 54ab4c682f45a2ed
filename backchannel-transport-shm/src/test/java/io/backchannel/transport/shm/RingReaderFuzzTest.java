package io.backchannel.transport.shm;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the ring reader with a peer that wrote anything into the shared mapping: the data area
 * and the control words it shares with the reader (tail, and the head the reader starts from).
 * The reader may only hand out frames it really has (never more bytes than the ring held), or fail
 * with the {@link IOException} that closes the connection; every frame it returns is released
 * here, and Netty's PARANOID leak detection reports any it dropped.
 *
 * <p>Input: head (8 bytes, little-endian), tail minus head (8 bytes, little-endian), then the
 * bytes found in the data area from the head on; shorter inputs are all data, head 0.
 */
class RingReaderFuzzTest {
  private static final int CAPACITY = RingDescriptor.MIN_CAPACITY;

  @FuzzTest(maxDuration = "60s")
  void hostileRing(byte[] input) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment file = arena.allocate(RingDescriptor.fileLength(CAPACITY), 128);
      Ring ring = new Ring(file, RingDescriptor.ringOffset(RingDescriptor.DIALER_TO_LISTENER, CAPACITY), CAPACITY);
      ByteBuffer header = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
      long head = input.length >= 16 ? header.getLong(0) : 0;
      long published = input.length >= 16 ? header.getLong(8) : input.length;
      int dataStart = input.length >= 16 ? 16 : 0;
      for (int i = dataStart; i < input.length && i - dataStart < CAPACITY; i++) {
        ring.data().set(java.lang.foreign.ValueLayout.JAVA_BYTE, (head + i - dataStart) & (CAPACITY - 1), input[i]);
      }
      ring.putHeadRelease(head);
      ring.putTailRelease(head + published);
      readAll(ring);
    }
  }

  private static void readAll(Ring ring) {
    Wakeup nobody = new Wakeup.DoorbellWakeup(null); // flags stay awake: never rung
    Notifier writer = new Notifier(ring.writerWaiting(), nobody, (byte) 0);
    Waiter data = new Waiter(ring.readerWaiting(), nobody, 0, () -> true);
    // The peer is gone: the reader must finish with what the ring holds, never wait.
    RingReader reader = new RingReader(ring, PooledByteBufAllocator.DEFAULT, writer, data, () -> false, () -> true);
    List<Integer> lengths = new ArrayList<>();
    long bytes = 0;
    try {
      for (ByteBuf frame = reader.read(); frame != null; frame = reader.read()) {
        try {
          lengths.add(frame.readableBytes());
          bytes += RingDescriptor.RECORD_HEADER_LENGTH + frame.readableBytes();
        } finally {
          frame.release();
        }
        assertThat(bytes).as("bytes read out of a %d-byte ring: frames %s", CAPACITY, lengths).isLessThanOrEqualTo(CAPACITY);
      }
    } catch (IOException corrupt) {
      assertThat(corrupt.getMessage()).startsWith("corrupt shm ring");
    }
  }
}
