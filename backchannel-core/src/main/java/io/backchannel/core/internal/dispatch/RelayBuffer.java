package io.backchannel.core.internal.dispatch;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relayed bytes a hub has queued for one connection and not yet handed to the socket.
 * RSocket's sender queue is unbounded, so a node that reads slowly (or never) would let relayed
 * frames pile up on the hub; each relayed buffer is tracked from the moment it is queued until the
 * transport releases it, and while more than the bound is queued new relayed frames are refused.
 */
public final class RelayBuffer {
  private final long max;
  private final AtomicLong queued = new AtomicLong();

  public RelayBuffer(long max) {
    this.max = max;
  }

  /** Whether another relayed frame may be queued: refused while more than the bound is. */
  boolean hasRoom() {
    return queued.get() <= max;
  }

  /** Relayed bytes queued for this connection now. */
  public long queued() {
    return queued.get();
  }

  /**
   * {@code data} (taken over) as a buffer counted here until its last reference is released. Heap
   * data is copied to a direct buffer first: the transport would copy it when writing and so
   * release it, uncounted, while the bytes still wait for the socket.
   */
  ByteBuf track(ByteBuf data) {
    if (!data.isDirect()) {
      ByteBuf direct = data.alloc().directBuffer(data.readableBytes()).writeBytes(data);
      data.release();
      data = direct;
    }
    int bytes = data.readableBytes();
    queued.addAndGet(bytes);
    return new Tracked(data, bytes);
  }

  /** A one-component view whose deallocation (the transport wrote or dropped it) uncounts it. */
  private final class Tracked extends CompositeByteBuf {
    private final int bytes;

    Tracked(ByteBuf data, int bytes) {
      super(data.alloc(), data.isDirect(), 1, data);
      this.bytes = bytes;
    }

    @Override
    protected void deallocate() {
      try {
        super.deallocate();
      } finally {
        queued.addAndGet(-bytes);
      }
    }
  }
}
