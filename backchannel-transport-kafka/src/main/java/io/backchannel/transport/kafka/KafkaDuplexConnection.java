package io.backchannel.transport.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rsocket.DuplexConnection;
import io.rsocket.RSocketErrorException;
import io.rsocket.frame.ErrorFrameCodec;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;

/**
 * One RSocket connection over a session's two topics. Thread-safe; {@link #receive()} delivers on
 * the session's poll thread. Closing, from either side, writes a close marker behind the last
 * frame; the side that reads the peer's marker ends {@link #receive()} with {@link
 * java.nio.channels.ClosedChannelException}. A side that lingers (the server, which deletes the
 * topics) keeps reading for the peer's marker for a while so the peer learns of the close.
 */
final class KafkaDuplexConnection implements DuplexConnection {
  private static final Logger log = LoggerFactory.getLogger(KafkaDuplexConnection.class);
  /** A close marker not written by then (broker away) must not hold up {@link #onClose()}. */
  private static final Duration CLOSE_WRITE_TIMEOUT = Duration.ofSeconds(5);

  private final KafkaSocketAddress remote;
  private final SessionReader reader;
  private final Outbox outbox;
  private final SessionCodec codec;
  private final Duration linger;
  private final Runnable afterClose;
  private final AtomicBoolean disposed = new AtomicBoolean();
  private final Sinks.Empty<Void> onClose = Sinks.empty();

  /**
   * @param linger how long to wait for the peer's close marker after closing first
   * @param afterClose runs once, after the consumer is closed, before {@link #onClose()} completes
   */
  KafkaDuplexConnection(
      KafkaSocketAddress remote, SessionReader reader, Outbox outbox, SessionCodec codec, Duration linger,
      Runnable afterClose) {
    this.remote = remote;
    this.reader = reader;
    this.outbox = outbox;
    this.codec = codec;
    this.linger = linger;
    this.afterClose = afterClose;
  }

  /** Completes when frames can flow (TLS: handshake done, peer verified); fails with the TLS error. */
  java.util.concurrent.CompletableFuture<Void> ready() {
    return codec.ready();
  }

  /** Fails the session: a frame could not be written, so the stream of frames has a hole. */
  void fail(Throwable error) {
    log.warn("session {} failed; closing it", remote, error);
    reader.fail(error);
  }

  @Override
  public void sendFrame(int streamId, ByteBuf frame) {
    outbox.send(frame, streamId == 0);
  }

  @Override
  public void sendErrorAndClose(RSocketErrorException e) {
    outbox.send(ErrorFrameCodec.encode(alloc(), 0, e), false);
    dispose();
  }

  @Override
  public Flux<ByteBuf> receive() {
    // hide(): the releaser takes part in no operator fusion.
    return reader.frames()
        .hide()
        .transform(Operators.<byte[], ByteBuf>lift((scannable, actual) -> new FrameReleaser(actual)))
        .doOnCancel(this::dispose);
  }

  @Override
  public ByteBufAllocator alloc() {
    return ByteBufAllocator.DEFAULT;
  }

  @Override
  public SocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public void dispose() {
    if (!disposed.compareAndSet(false, true)) {
      return;
    }
    log.debug("closing {}", remote);
    reader.endDelivery();
    outbox.finish()
        .orTimeout(CLOSE_WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .handle((ok, error) -> {
          if (error != null) {
            log.debug("close marker of {} not written", remote, error);
          }
          return reader.stop(reader.peerClosed().isDone() ? Duration.ZERO : linger);
        })
        .thenCompose(stopped -> stopped)
        .whenComplete((ok, error) -> {
          try {
            log.debug("closed {}", remote);
            afterClose.run();
          } finally {
            onClose.tryEmitEmpty();
          }
        });
  }

  @Override
  public boolean isDisposed() {
    return disposed.get();
  }

  @Override
  public Mono<Void> onClose() {
    return onClose.asMono();
  }

  @Override
  public String toString() {
    return "KafkaDuplexConnection{" + remote + "}";
  }
}
