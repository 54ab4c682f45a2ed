package io.backchannel.transport.shm;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Layout of a ring file: a header and two single-producer single-consumer byte rings, one per
 * direction. Offsets are in bytes; the file is mapped whole by both processes.
 *
 * <pre>
 *  file
 *  +0      +--------------------------------------------------------------+
 *          | magic (int) | version (int) | capacity (int) | reserved      |  FILE_HEADER_LENGTH
 *  +128    +--------------------------------------------------------------+
 *          | ring 0: dialer -> listener  (control block, then data)       |
 *          +--------------------------------------------------------------+
 *          | ring 1: listener -> dialer                                   |
 *          +--------------------------------------------------------------+
 *
 *  ring (each control field on its own 128-byte line: no false sharing, even with
 *  adjacent-line prefetch)
 *  +0      tail          long  producer: putTailRelease   consumer: tailAcquire
 *  +128    head          long  consumer: putHeadRelease   producer: headAcquire
 *  +256    readerWaiting int   futex word: 1 while the consumer sleeps for data
 *  +384    writerWaiting int   futex word: 1 while the producer sleeps for space
 *  +512    data          capacity bytes (a power of two), addressed by position &amp; (capacity - 1)
 *
 *  data: a byte stream of records, each a frame length (int, little-endian) then the frame.
 *  A record may wrap around the end and may be larger than the ring: the producer publishes
 *  what fits and sleeps for space, the consumer reassembles.
 *  +------------+---------------------------+------------+------ ...
 *  | length n   | n bytes of RSocket frame  | length m   | ...
 *  +------------+---------------------------+------------+------ ...
 * </pre>
 *
 * Positions ({@code head}, {@code tail}) count bytes since the ring was created and never wrap;
 * {@code tail - head} is the number of unread bytes. A waiting flag is set by the side that is
 * about to sleep and cleared (compare-and-set 1 to 0) by the side that wakes it.
 */
final class RingDescriptor {
  static final int MAGIC = 0x42435352; // "BCSR"
  static final int VERSION = 1;

  static final int MAGIC_OFFSET = 0;
  static final int VERSION_OFFSET = 4;
  static final int CAPACITY_OFFSET = 8;
  static final int FILE_HEADER_LENGTH = 128;

  static final int LINE = 128;
  static final int TAIL_OFFSET = 0;
  static final int HEAD_OFFSET = LINE;
  static final int READER_WAITING_OFFSET = 2 * LINE;
  static final int WRITER_WAITING_OFFSET = 3 * LINE;
  static final int DATA_OFFSET = 4 * LINE;

  /** Bytes of the length prefix in front of each frame. */
  static final int RECORD_HEADER_LENGTH = 4;
  /** The length prefix: little-endian, and unaligned because records are packed. */
  static final ValueLayout.OfInt LENGTH_LAYOUT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  static final int MIN_CAPACITY = 4096;
  static final int MAX_CAPACITY = 1 << 30;

  /** Ring carrying frames from the dialing side to the listening side. */
  static final int DIALER_TO_LISTENER = 0;
  /** Ring carrying frames from the listening side to the dialing side. */
  static final int LISTENER_TO_DIALER = 1;

  private RingDescriptor() {}

  static long ringOffset(int ring, int capacity) {
    return FILE_HEADER_LENGTH + (long) ring * (DATA_OFFSET + capacity);
  }

  static long fileLength(int capacity) {
    return ringOffset(2, capacity);
  }

  static void checkCapacity(long capacity) {
    if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || Long.bitCount(capacity) != 1) {
      throw new IllegalArgumentException(
          "ring capacity must be a power of two in [" + MIN_CAPACITY + ", " + MAX_CAPACITY + "]: " + capacity);
    }
  }
}
