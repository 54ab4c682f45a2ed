package io.backchannel.transport.shm;

import static io.backchannel.transport.shm.RingDescriptor.LENGTH_LAYOUT;
import static io.backchannel.transport.shm.RingDescriptor.RECORD_HEADER_LENGTH;

import io.netty.buffer.ByteBuf;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.ClosedChannelException;
import java.util.function.BooleanSupplier;

/**
 * The producer side of a {@link Ring}: writes length-prefixed frames, wrapping around the end and
 * splitting frames larger than the free space. Not thread-safe: one thread at a time, handed over
 * under a lock (see {@link FrameSender}).
 */
final class RingWriter {
  private final Ring ring;
  private final MemorySegment data;
  private final int capacity;
  private final int mask;
  private final Notifier readerNotifier;
  private final Waiter spaceWaiter;
  private final BooleanSupplier stopped;
  private final BooleanSupplier hasSpace = this::hasSpace;
  private long tail;
  private long headCache;

  RingWriter(Ring ring, Notifier readerNotifier, Waiter spaceWaiter, BooleanSupplier stopped) {
    this.ring = ring;
    this.data = ring.data();
    this.capacity = ring.capacity();
    this.mask = capacity - 1;
    this.readerNotifier = readerNotifier;
    this.spaceWaiter = spaceWaiter;
    this.stopped = stopped;
    this.tail = ring.tailAcquire();
    this.headCache = ring.headAcquire();
  }

  /** Writes the whole frame if it fits now; never blocks. The caller keeps ownership of {@code frame}. */
  boolean tryWrite(ByteBuf frame) {
    int length = frame.readableBytes();
    long needed = (long) RECORD_HEADER_LENGTH + length;
    if (free() < needed) {
      headCache = ring.headAcquire();
      if (free() < needed) {
        return false;
      }
    }
    putHeader(length);
    copy(frame, frame.readerIndex(), length);
    publish();
    return true;
  }

  /**
   * Writes the frame, sleeping for space as often as needed, so it works for frames larger than
   * the ring. The caller keeps ownership of {@code frame}.
   *
   * @throws ClosedChannelException if the connection stops first; the record is then incomplete,
   *     which is harmless because nobody will read the ring again
   */
  void write(ByteBuf frame) throws ClosedChannelException {
    int length = frame.readableBytes();
    awaitFree(RECORD_HEADER_LENGTH);
    putHeader(length);
    int index = frame.readerIndex();
    int remaining = length;
    while (remaining > 0) {
      long free = free();
      if (free == 0) {
        publish();
        awaitFree(1);
        continue;
      }
      int chunk = (int) Math.min(free, remaining);
      copy(frame, index, chunk);
      index += chunk;
      remaining -= chunk;
    }
    publish();
  }

  private void awaitFree(int bytes) throws ClosedChannelException {
    while (free() < bytes) {
      headCache = ring.headAcquire();
      if (free() >= bytes) {
        return;
      }
      if (stopped.getAsBoolean()) {
        throw new ClosedChannelException();
      }
      spaceWaiter.await(hasSpace);
    }
  }

  private boolean hasSpace() {
    return ring.headAcquire() != headCache;
  }

  private long free() {
    return capacity - (tail - headCache);
  }

  private void putHeader(int length) {
    int offset = (int) (tail & mask);
    if (capacity - offset >= RECORD_HEADER_LENGTH) {
      data.set(LENGTH_LAYOUT, offset, length);
    } else {
      for (int i = 0; i < RECORD_HEADER_LENGTH; i++) {
        data.set(ValueLayout.JAVA_BYTE, (offset + i) & mask, (byte) (length >>> (8 * i)));
      }
    }
    tail += RECORD_HEADER_LENGTH;
  }

  /** Copies {@code length} bytes that are known to fit, in at most two pieces around the end. */
  private void copy(ByteBuf frame, int index, int length) {
    while (length > 0) {
      int offset = (int) (tail & mask);
      int chunk = Math.min(length, capacity - offset);
      frame.getBytes(index, data.asSlice(offset, chunk).asByteBuffer());
      index += chunk;
      length -= chunk;
      tail += chunk;
    }
  }

  private void publish() {
    ring.putTailRelease(tail);
    readerNotifier.wakeIfSleeping();
  }
}
