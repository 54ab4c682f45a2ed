package io.backchannel.transport.shm;

import static io.backchannel.transport.shm.RingDescriptor.LENGTH_LAYOUT;
import static io.backchannel.transport.shm.RingDescriptor.RECORD_HEADER_LENGTH;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rsocket.frame.FrameLengthCodec;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The consumer side of a {@link Ring}: reassembles length-prefixed frames into fresh buffers
 * (copy-out, so ring space is never pinned by a frame RSocket still holds). Space is handed back
 * to the producer as it is consumed, so frames larger than the ring flow through. Not
 * thread-safe: the connection's reader thread only.
 */
final class RingReader {
  private final Ring ring;
  private final MemorySegment data;
  private final int capacity;
  private final int mask;
  private final ByteBufAllocator allocator;
  private final Notifier writerNotifier;
  private final Waiter dataWaiter;
  private final BooleanSupplier closing;
  private final BooleanSupplier peerGone;
  private final BooleanSupplier hasData = this::hasData;
  private long head;
  private long tailCache;

  RingReader(
      Ring ring,
      ByteBufAllocator allocator,
      Notifier writerNotifier,
      Waiter dataWaiter,
      BooleanSupplier closing,
      BooleanSupplier peerGone) {
    this.ring = ring;
    this.data = ring.data();
    this.capacity = ring.capacity();
    this.mask = capacity - 1;
    this.allocator = allocator;
    this.writerNotifier = writerNotifier;
    this.dataWaiter = dataWaiter;
    this.closing = closing;
    this.peerGone = peerGone;
    this.head = ring.headAcquire();
    this.tailCache = ring.tailAcquire();
  }

  /**
   * The next frame, owned by the caller; or null once the connection is closing, or the peer is
   * gone and no complete frame is left (a frame cut short by a dying peer is dropped).
   *
   * @throws IOException if the ring holds a length RSocket cannot carry, or the peer published a
   *     tail behind the head or more than the capacity ahead of it: the peer is broken or hostile
   */
  @Nullable ByteBuf read() throws IOException {
    if (!awaitAvailable(RECORD_HEADER_LENGTH)) {
      return null;
    }
    int length = getHeader();
    if (length <= 0 || length > FrameLengthCodec.FRAME_LENGTH_MASK) {
      throw new IOException("corrupt shm ring: frame length " + length + " outside [1, " + FrameLengthCodec.FRAME_LENGTH_MASK + "]");
    }
    ByteBuf frame = allocator.buffer(length, length);
    boolean complete = false;
    try {
      int remaining = length;
      while (remaining > 0) {
        if (!awaitAvailable(1)) {
          return null;
        }
        int offset = (int) (head & mask);
        int chunk = (int) Math.min(Math.min(tailCache - head, remaining), capacity - offset);
        frame.writeBytes(data.asSlice(offset, chunk).asByteBuffer());
        head += chunk;
        remaining -= chunk;
      }
      complete = true;
    } finally {
      if (!complete) {
        frame.release();
      }
    }
    ring.putHeadRelease(head);
    writerNotifier.wakeIfSleeping();
    return frame;
  }

  /** False if the connection is closing, or the peer is gone before {@code bytes} arrived. */
  private boolean awaitAvailable(int bytes) throws IOException {
    boolean published = false;
    checkUnread();
    while (tailCache - head < bytes) {
      tailCache = ring.tailAcquire();
      checkUnread();
      if (tailCache - head >= bytes) {
        return !closing.getAsBoolean();
      }
      if (closing.getAsBoolean()) {
        return false;
      }
      if (peerGone.getAsBoolean()) {
        // The peer's last writes happened before its socket closed: one more look, then give up.
        tailCache = ring.tailAcquire();
        checkUnread();
        return tailCache - head >= bytes;
      }
      if (!published) {
        // Hand back what we consumed of a frame in progress before sleeping, or a producer
        // waiting for space and this reader waiting for data would wait for each other.
        ring.putHeadRelease(head);
        writerNotifier.wakeIfSleeping();
        published = true;
      }
      dataWaiter.await(hasData);
    }
    return !closing.getAsBoolean();
  }

  /**
   * The tail is the peer's word: an honest producer never publishes past what the consumer freed,
   * so more unread bytes than the ring holds (or fewer than none) mean bytes it never wrote.
   */
  private void checkUnread() throws IOException {
    long unread = tailCache - head;
    if (unread < 0 || unread > capacity) {
      throw new IOException("corrupt shm ring: tail " + tailCache + " is " + unread + " bytes from head " + head
          + ", outside [0, " + capacity + "]");
    }
  }

  private boolean hasData() {
    return ring.tailAcquire() != tailCache;
  }

  private int getHeader() {
    int offset = (int) (head & mask);
    int length;
    if (capacity - offset >= RECORD_HEADER_LENGTH) {
      length = data.get(LENGTH_LAYOUT, offset);
    } else {
      length = 0;
      for (int i = 0; i < RECORD_HEADER_LENGTH; i++) {
        length |= (data.get(ValueLayout.JAVA_BYTE, (offset + i) & mask) & 0xff) << (8 * i);
      }
    }
    head += RECORD_HEADER_LENGTH;
    return length;
  }
}
