package io.backchannel.transport.shm;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rsocket.DuplexConnection;
import io.rsocket.RSocketErrorException;
import io.rsocket.frame.ErrorFrameCodec;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * An RSocket connection over two shared-memory rings, set up by {@link Handshake}. Three
 * threads per connection: the reader (delivers inbound frames to the {@link #receive()}
 * subscriber, so RSocket's callbacks run on it), the writer (only used when the ring is full or
 * frames are queued) and the socket watcher. {@link #sendFrame} is thread-safe and never blocks.
 * {@link #onClose()} completes once all three threads have stopped and the rings are unmapped.
 */
final class ShmDuplexConnection implements DuplexConnection {
  private static final Logger log = LoggerFactory.getLogger(ShmDuplexConnection.class);
  private static final AtomicLong IDS = new AtomicLong();

  private final String name;
  private final SocketChannel socket;
  private final SocketAddress remoteAddress;
  private final MappedRings rings;
  private final ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
  private final Sinks.Empty<Void> onClose = Sinks.empty();
  /** Reader, writer and watcher threads plus the first {@link #dispose()} call: the last one out unmaps. */
  private final AtomicInteger live = new AtomicInteger(4);
  private final AtomicInteger closeCalls = new AtomicInteger();
  private volatile boolean closing;
  private volatile boolean peerGone;
  private final InboundFlux inbound;
  private final FrameSender sender;
  private final RingReader reader;
  private final Waiter dataWaiter;
  private final Waiter spaceWaiter;
  private final Thread readerThread;
  private final Thread writerThread;
  private final Thread watcherThread;
  private final Runnable onFirstFrame;

  ShmDuplexConnection(boolean dialer, SocketChannel socket, Handshake.Result handshake, Wakeup wakeup, long spinNanos)
      throws IOException {
    this(dialer, socket, handshake, wakeup, spinNanos, () -> {});
  }

  /** @param onFirstFrame runs on the reader thread when the first inbound frame arrives, before it is delivered */
  ShmDuplexConnection(
      boolean dialer, SocketChannel socket, Handshake.Result handshake, Wakeup wakeup, long spinNanos, Runnable onFirstFrame)
      throws IOException {
    this.onFirstFrame = onFirstFrame;
    this.name = (dialer ? "dialer-" : "listener-") + IDS.incrementAndGet();
    this.socket = socket;
    this.remoteAddress = socket.getRemoteAddress();
    this.rings = handshake.rings();
    Ring in = rings.ring(dialer ? RingDescriptor.LISTENER_TO_DIALER : RingDescriptor.DIALER_TO_LISTENER);
    Ring out = rings.ring(dialer ? RingDescriptor.DIALER_TO_LISTENER : RingDescriptor.LISTENER_TO_DIALER);
    this.dataWaiter = new Waiter(in.readerWaiting(), wakeup, spinNanos, this::stopped);
    this.spaceWaiter = new Waiter(out.writerWaiting(), wakeup, spinNanos, this::stopped);
    this.reader =
        new RingReader(
            in, allocator, new Notifier(in.writerWaiting(), wakeup, Wakeup.SPACE), dataWaiter,
            () -> closing, () -> peerGone);
    RingWriter writer = new RingWriter(out, new Notifier(out.readerWaiting(), wakeup, Wakeup.DATA), spaceWaiter, this::stopped);
    this.sender = new FrameSender(writer, this::dispose);
    this.inbound = new InboundFlux(this::dispose);
    String prefix = "backchannel-shm-" + name;
    this.readerThread = Thread.ofPlatform().daemon().name(prefix + "-reader").unstarted(this::readLoop);
    this.writerThread = Thread.ofPlatform().daemon().name(prefix + "-writer").unstarted(this::writeLoop);
    this.watcherThread =
        Thread.ofPlatform().daemon().name(prefix + "-watcher")
            .unstarted(this::watchLoop);
  }

  /** Starts the connection's threads; call once, right after construction. */
  ShmDuplexConnection start() {
    readerThread.start();
    writerThread.start();
    watcherThread.start();
    return this;
  }

  @Override
  public void sendFrame(int streamId, ByteBuf frame) {
    sender.send(streamId, frame);
  }

  @Override
  public void sendErrorAndClose(RSocketErrorException e) {
    sender.sendFinal(ErrorFrameCodec.encode(allocator, 0, e));
  }

  @Override
  public Flux<ByteBuf> receive() {
    return inbound;
  }

  @Override
  public ByteBufAllocator alloc() {
    return allocator;
  }

  @Override
  public SocketAddress remoteAddress() {
    return remoteAddress;
  }

  @Override
  public Mono<Void> onClose() {
    return onClose.asMono();
  }

  @Override
  public boolean isDisposed() {
    return closing;
  }

  /** Closes the connection and wakes every thread waiting in it; idempotent, any thread. */
  @Override
  public void dispose() {
    if (closeCalls.getAndIncrement() > 0) {
      return;
    }
    closing = true;
    sender.close();
    dataWaiter.wakeLocal();
    spaceWaiter.wakeLocal();
    inbound.wakeReader();
    // The peer learns from the closed socket; our watcher wakes up with it.
    Closeables.closeQuietly(socket);
    exited();
  }

  private boolean stopped() {
    return closing || peerGone;
  }

  private void peerGone() {
    if (!closing) {
      log.debug("shm peer of {} is gone", name);
    }
    peerGone = true;
    // The reader drains complete frames the peer left in the ring, then disposes.
    dataWaiter.wakeLocal();
    spaceWaiter.wakeLocal();
    inbound.wakeReader();
  }

  private void readLoop() {
    try {
      ByteBuf frame = reader.read();
      if (frame != null) {
        onFirstFrame.run();
      }
      for (; frame != null; frame = reader.read()) {
        inbound.deliver(frame, this::stopped);
      }
    } catch (IOException | RuntimeException e) {
      if (!closing) {
        log.warn("shm connection {} failed", name, e);
      }
    } finally {
      dispose();
      inbound.terminate(new ClosedChannelException());
      exited();
    }
  }

  private void writeLoop() {
    try {
      sender.run();
    } catch (RuntimeException e) {
      log.warn("shm connection {} failed", name, e);
      dispose();
    } finally {
      // Not disposing otherwise: if the peer is gone, the reader still drains what it sent.
      exited();
    }
  }

  private void watchLoop() {
    try {
      new SocketWatcher(socket, dataWaiter, spaceWaiter, this::peerGone).run();
    } finally {
      exited();
    }
  }

  private void exited() {
    if (live.decrementAndGet() == 0) {
      rings.close();
      onClose.tryEmitEmpty();
    }
  }

  @Override
  public String toString() {
    return "ShmDuplexConnection{" + name + ", remote=" + remoteAddress + '}';
  }
}
