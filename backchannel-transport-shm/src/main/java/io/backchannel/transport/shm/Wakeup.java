package io.backchannel.transport.shm;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * How a sleeping side is put to sleep and woken: a futex on the waiting flag itself, or the
 * handshake socket used as a doorbell. Both peers of a connection use the same mechanism (agreed
 * in the handshake). Thread-safe.
 */
sealed interface Wakeup permits Wakeup.FutexWakeup, Wakeup.DoorbellWakeup {

  /** Doorbell byte: "your inbound ring has data". */
  byte DATA = 1;
  /** Doorbell byte: "your outbound ring has space". */
  byte SPACE = 2;

  /** The agreed mechanism: the futex only if both sides can use one. */
  static Wakeup of(boolean futex, SocketChannel socket) {
    return futex ? new FutexWakeup(Futex.available().orElseThrow()) : new DoorbellWakeup(socket);
  }

  /** Sleeps the calling thread while {@code waiter}'s flag says sleeping, at most {@code timeoutNanos}. */
  void sleep(Waiter waiter, long timeoutNanos);

  /** Wakes the peer's thread sleeping on {@code word}; the caller has already cleared the flag. */
  void wakeRemote(MemorySegment word, byte doorbell);

  /** Wakes this process's thread sleeping in {@code waiter}; the caller has already cleared the flag. */
  void wakeLocal(Waiter waiter);

  /** Futex wait/wake on the flag word; the handshake socket only reports a dead peer. */
  record FutexWakeup(Futex futex) implements Wakeup {
    @Override
    public void sleep(Waiter waiter, long timeoutNanos) {
      futex.await(waiter.word(), Ring.WaitFlag.SLEEPING, timeoutNanos, waiter.timespec());
    }

    @Override
    public void wakeRemote(MemorySegment word, byte doorbell) {
      futex.wakeOne(word);
    }

    @Override
    public void wakeLocal(Waiter waiter) {
      futex.wakeOne(waiter.word());
    }
  }

  /**
   * Portable fallback: one byte on the handshake socket, read by the peer's {@link SocketWatcher},
   * which unparks the sleeper. Sent only when the flag says the peer sleeps.
   */
  record DoorbellWakeup(SocketChannel socket) implements Wakeup {
    @Override
    public void sleep(Waiter waiter, long timeoutNanos) {
      if (waiter.flag().isSleepingVolatile()) {
        LockSupport.parkNanos(waiter, timeoutNanos);
      }
    }

    @Override
    public void wakeRemote(MemorySegment word, byte doorbell) {
      try {
        socket.write(ByteBuffer.wrap(new byte[] {doorbell}));
      } catch (IOException e) {
        // The peer is gone; the socket watcher reports it and closes the connection.
      }
    }

    @Override
    public void wakeLocal(Waiter waiter) {
      Thread thread = waiter.thread();
      if (thread != null) {
        LockSupport.unpark(thread);
      }
    }
  }
}
