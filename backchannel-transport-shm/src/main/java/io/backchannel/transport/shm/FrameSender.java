package io.backchannel.transport.shm;

import io.netty.buffer.ByteBuf;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Outbound side of a connection. {@link #send} never blocks: it writes straight into the ring
 * when nothing is queued and the frame fits, otherwise it queues the frame for the writer thread,
 * which sleeps for ring space as long as needed. Connection-level frames (stream 0) jump the
 * queue. Thread-safe; owns every frame it is given and releases each exactly once.
 */
final class FrameSender implements Runnable {
  private final RingWriter writer;
  private final Runnable onFinalFrameWritten;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final ArrayDeque<ByteBuf> urgent = new ArrayDeque<>(); // guarded by lock
  private final ArrayDeque<ByteBuf> normal = new ArrayDeque<>(); // guarded by lock
  private @Nullable ByteBuf finalFrame; // guarded by lock
  private boolean finalQueued; // guarded by lock
  private @Nullable ByteBuf finalFrameTaken; // writer thread only
  private boolean busy; // guarded by lock: the writer thread owns the ring writer
  private boolean closed; // guarded by lock

  FrameSender(RingWriter writer, Runnable onFinalFrameWritten) {
    this.writer = writer;
    this.onFinalFrameWritten = onFinalFrameWritten;
  }

  void send(int streamId, ByteBuf frame) {
    lock.lock();
    try {
      if (closed || finalQueued) {
        frame.release();
        return;
      }
      if (!busy && urgent.isEmpty() && normal.isEmpty() && writer.tryWrite(frame)) {
        frame.release();
        return;
      }
      (streamId == 0 ? urgent : normal).add(frame);
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Queues {@code frame} after everything already queued; nothing is sent after it. */
  void sendFinal(ByteBuf frame) {
    lock.lock();
    try {
      if (closed || finalQueued) {
        frame.release();
        return;
      }
      finalQueued = true;
      finalFrame = frame;
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Stops writing and releases queued frames. The writer thread exits soon after. */
  void close() {
    lock.lock();
    try {
      closed = true;
      releaseAll(urgent);
      releaseAll(normal);
      if (finalFrame != null) {
        finalFrame.release();
        finalFrame = null;
      }
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  /** The writer thread's loop; returns when closed. */
  @Override
  public void run() {
    try {
      ByteBuf frame;
      while ((frame = next()) != null) {
        boolean last = frame == finalFrameTaken;
        try {
          writer.write(frame);
        } finally {
          frame.release();
        }
        if (last) {
          onFinalFrameWritten.run();
          return;
        }
      }
    } catch (ClosedChannelException e) {
      // Closing while waiting for ring space: the frame was released above.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private @Nullable ByteBuf next() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        if (closed) {
          busy = false;
          return null;
        }
        ByteBuf frame = urgent.poll();
        if (frame == null) {
          frame = normal.poll();
        }
        if (frame == null && finalFrame != null) {
          frame = finalFrame;
          finalFrame = null;
          finalFrameTaken = frame;
        }
        if (frame != null) {
          busy = true;
          return frame;
        }
        busy = false;
        work.await();
      }
    } finally {
      lock.unlock();
    }
  }

  private static void releaseAll(ArrayDeque<ByteBuf> queue) {
    ByteBuf frame;
    while ((frame = queue.poll()) != null) {
      frame.release();
    }
  }
}
