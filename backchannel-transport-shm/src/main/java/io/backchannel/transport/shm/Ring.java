package io.backchannel.transport.shm;

import static io.backchannel.transport.shm.RingDescriptor.DATA_OFFSET;
import static io.backchannel.transport.shm.RingDescriptor.HEAD_OFFSET;
import static io.backchannel.transport.shm.RingDescriptor.READER_WAITING_OFFSET;
import static io.backchannel.transport.shm.RingDescriptor.TAIL_OFFSET;
import static io.backchannel.transport.shm.RingDescriptor.WRITER_WAITING_OFFSET;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The shared control words and data area of one ring (see {@link RingDescriptor}). Each method
 * names its memory ordering; every release store is paired with the acquire load named next to
 * it. Thread-safe in the sense that one producer and one consumer, possibly in different
 * processes, may use it at once.
 */
final class Ring {
  private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
  private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

  private final MemorySegment control;
  private final MemorySegment data;
  private final int capacity;
  private final MemorySegment readerWaitingWord;
  private final MemorySegment writerWaitingWord;

  Ring(MemorySegment file, long offset, int capacity) {
    this.control = file.asSlice(offset, DATA_OFFSET);
    this.data = file.asSlice(offset + DATA_OFFSET, capacity);
    this.capacity = capacity;
    this.readerWaitingWord = control.asSlice(READER_WAITING_OFFSET, 4);
    this.writerWaitingWord = control.asSlice(WRITER_WAITING_OFFSET, 4);
  }

  int capacity() {
    return capacity;
  }

  MemorySegment data() {
    return data;
  }

  /** Pairs with {@link #putTailRelease}: bytes below the returned tail are visible. */
  long tailAcquire() {
    return (long) LONG.getAcquire(control, (long) TAIL_OFFSET);
  }

  /** Publishes the bytes written below {@code tail} to the consumer. */
  void putTailRelease(long tail) {
    LONG.setRelease(control, (long) TAIL_OFFSET, tail);
  }

  /** Pairs with {@link #putHeadRelease}: the consumer is done with bytes below the returned head. */
  long headAcquire() {
    return (long) LONG.getAcquire(control, (long) HEAD_OFFSET);
  }

  /** Hands the bytes below {@code head} back to the producer. */
  void putHeadRelease(long head) {
    LONG.setRelease(control, (long) HEAD_OFFSET, head);
  }

  /** The consumer's sleep flag; see {@link WaitFlag}. */
  WaitFlag readerWaiting() {
    return new WaitFlag(control, READER_WAITING_OFFSET, readerWaitingWord);
  }

  /** The producer's sleep flag; see {@link WaitFlag}. */
  WaitFlag writerWaiting() {
    return new WaitFlag(control, WRITER_WAITING_OFFSET, writerWaitingWord);
  }

  /**
   * A 32-bit word in the mapping that one side sets before sleeping and the other side clears
   * before waking it. Doubles as the futex word.
   *
   * @param word a 4-byte slice at the flag, passed to the kernel as the futex address
   */
  record WaitFlag(MemorySegment control, long offset, MemorySegment word) {
    static final int AWAKE = 0;
    static final int SLEEPING = 1;

    /** Announces an intent to sleep; callers follow it with {@link VarHandle#fullFence()} and a re-check. */
    void setSleepingVolatile() {
      INT.setVolatile(control, offset, SLEEPING);
    }

    boolean isSleepingVolatile() {
      return (int) INT.getVolatile(control, offset) == SLEEPING;
    }

    /** True if this call moved the flag from sleeping to awake, i.e. the caller must wake the sleeper. */
    boolean clearIfSleepingVolatile() {
      return INT.compareAndSet(control, offset, SLEEPING, AWAKE);
    }

    void setAwakeVolatile() {
      INT.setVolatile(control, offset, AWAKE);
    }
  }
}
