package io.backchannel.transport.kafka;

import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The receiving half of a session: one consumer on one partition, read from offset 0 by a
 * dedicated platform thread that is the only caller of the consumer and the only emitter of {@link
 * #frames()}. Frames reach the subscriber on that thread, or on the thread requesting more if they
 * had to wait for demand. Past {@value #PAUSE_ABOVE} undelivered frames the partition is paused;
 * demand that drains the buffer wakes the thread to resume it. Other methods are thread-safe.
 */
final class SessionReader implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(SessionReader.class);
  private static final int PAUSE_ABOVE = 512;
  private static final int RESUME_BELOW = 128;
  private static final Duration POLL = Duration.ofSeconds(1);

  private final Consumer<byte[], byte[]> consumer;
  private final TopicPartition partition;
  private final Runnable onEnd;
  private final SessionCodec codec;
  private final java.util.function.Consumer<SessionCodec.Sealed> replies;
  private final Runnable onFirstFrame;
  private final Runnable onForged;
  private final Sinks.Many<byte[]> sink = Sinks.many().unicast().onBackpressureBuffer();
  private final AtomicInteger undelivered = new AtomicInteger();
  private final CompletableFuture<Void> peerClosed = new CompletableFuture<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile boolean paused;
  private volatile boolean deliveryEnded;
  private volatile long stopAtNanos = Long.MAX_VALUE;
  private volatile boolean stopRequested;
  private volatile @Nullable Throwable failure;
  private boolean terminated; // poll thread only
  private boolean framesSeen; // poll thread only

  /**
   * {@code onEnd} runs once, on the poll thread, when the peer closed or the session failed;
   * {@code onFirstFrame} once, on the poll thread, when the first frame was opened; {@code
   * onForged} when a record failed the codec's check, before {@code onEnd}; records the
   * codec answers with go to {@code replies}.
   */
  SessionReader(Consumer<byte[], byte[]> consumer, String topic, SessionCodec codec,
      java.util.function.Consumer<SessionCodec.Sealed> replies, Runnable onFirstFrame, Runnable onForged,
      Runnable onEnd) {
    this.consumer = consumer;
    this.partition = new TopicPartition(topic, 0);
    this.codec = codec;
    this.replies = replies;
    this.onFirstFrame = onFirstFrame;
    this.onForged = onForged;
    this.onEnd = onEnd;
  }

  /** The topic this reader reads. */
  String topic() {
    return partition.topic();
  }

  void start(String threadName) {
    Thread.ofPlatform().name(threadName).daemon().start(this);
  }

  /** The received frames; one subscriber; errors with {@link ClosedChannelException} at the end. */
  Flux<byte[]> frames() {
    return sink.asFlux().doOnNext(frame -> {
      if (undelivered.decrementAndGet() < RESUME_BELOW && paused) {
        consumer.wakeup();
      }
    });
  }

  /** Completes when the peer's close marker has been read. */
  CompletableFuture<Void> peerClosed() {
    return peerClosed;
  }

  /** Ends {@link #frames()} with {@code error} (a failed send, for example). */
  void fail(Throwable error) {
    failure = error;
    consumer.wakeup();
  }

  /** Stops delivering frames; the thread goes on reading, looking for the peer's close marker. */
  void endDelivery() {
    deliveryEnded = true;
    consumer.wakeup();
  }

  /**
   * Stops the thread once the peer's close marker was read or {@code linger} has passed, and
   * closes the consumer. The future completes when the consumer is closed.
   */
  CompletableFuture<Void> stop(Duration linger) {
    stopAtNanos = System.nanoTime() + linger.toNanos();
    stopRequested = true;
    deliveryEnded = true;
    consumer.wakeup();
    return stopped;
  }

  @Override
  public void run() {
    try {
      consumer.assign(List.of(partition));
      consumer.seek(partition, 0);
      while (!(stopRequested && (peerClosed.isDone() || System.nanoTime() - stopAtNanos >= 0))) {
        ConsumerRecords<byte[], byte[]> records = poll();
        Throwable error = failure;
        if (error != null) {
          end(error);
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
          accept(record);
        }
        if (deliveryEnded) {
          end(new ClosedChannelException());
        }
        flowControl();
      }
    } catch (RuntimeException | Error e) {
      log.debug("reading {} failed", partition, e);
      end(e);
    } finally {
      try {
        consumer.close(CloseOptions.timeout(Duration.ZERO));
      } catch (RuntimeException e) {
        log.debug("closing the consumer of {} failed", partition, e);
      }
      end(new ClosedChannelException());
      stopped.complete(null);
    }
  }

  private ConsumerRecords<byte[], byte[]> poll() {
    try {
      return consumer.poll(POLL);
    } catch (WakeupException e) {
      return ConsumerRecords.empty();
    }
  }

  private void accept(ConsumerRecord<byte[], byte[]> record) {
    if (terminated) {
      lookForPeerClose(record);
      return;
    }
    String kind = ControlRecords.kind(record);
    if (kind == null) {
      if (record.value() != null) {
        open(record);
      }
    } else if (kind.equals(ControlRecords.CLOSE)) {
      if (codec.trustsControlRecords()) {
        peerClosed.complete(null);
        end(new ClosedChannelException());
      } else {
        forged(record, "a plain close record inside a TLS session (only TLS close_notify ends one)");
      }
    } else if (!codec.trustsControlRecords()) {
      forged(record, "a '" + kind + "' control record inside a TLS session");
    }
  }

  private void open(ConsumerRecord<byte[], byte[]> record) {
    List<byte[]> frames;
    try {
      frames = codec.open(record.value(), replies);
    } catch (javax.net.ssl.SSLHandshakeException e) {
      tlsFailed("the TLS handshake failed", e);
      return;
    } catch (javax.net.ssl.SSLException e) {
      if (String.valueOf(e.getMessage()).startsWith("Received fatal alert")) {
        tlsFailed("the peer ended the session with a TLS alert (it refused one of our records)", e);
      } else {
        forged(record, e.toString());
      }
      return;
    } catch (java.io.IOException e) {
      forged(record, e.toString());
      return;
    }
    for (byte[] frame : frames) {
      if (!framesSeen) {
        framesSeen = true;
        onFirstFrame.run();
      }
      undelivered.incrementAndGet();
      sink.tryEmitNext(frame);
    }
    if (codec.peerClosedInBand()) {
      peerClosed.complete(null);
      end(new ClosedChannelException());
    }
  }

  /** After delivery ended: only the peer's close matters (it lets a lingering side stop early). */
  private void lookForPeerClose(ConsumerRecord<byte[], byte[]> record) {
    String kind = ControlRecords.kind(record);
    if (kind == null && record.value() != null && !codec.trustsControlRecords()) {
      try {
        codec.open(record.value(), replies);
      } catch (java.io.IOException | RuntimeException e) {
        log.debug("record after the end of the session of {} not opened", partition.topic(), e);
      }
      if (codec.peerClosedInBand()) {
        peerClosed.complete(null);
      }
    } else if (ControlRecords.CLOSE.equals(kind) && codec.trustsControlRecords()) {
      peerClosed.complete(null);
    }
  }

  private void tlsFailed(String what, javax.net.ssl.SSLException e) {
    log.warn("closing the session of topic {}: {}: {}", partition.topic(), what, e.getMessage());
    end(e);
  }

  /** Ends this session, and only it, on a record that fails the codec's check. */
  private void forged(ConsumerRecord<byte[], byte[]> record, String why) {
    SessionIntegrityException error = new SessionIntegrityException(
        "closing the session of topic " + partition.topic() + ": its record at offset " + record.offset()
            + " failed the session's integrity check (forged, replayed or corrupted by someone with write access"
            + " to the topic, or the peer is no TLS peer): " + why);
    log.warn("{}", error.getMessage());
    onForged.run();
    end(error);
  }

  private void flowControl() {
    if (!paused && undelivered.get() > PAUSE_ABOVE) {
      consumer.pause(List.of(partition));
      paused = true;
    } else if (paused && (undelivered.get() < RESUME_BELOW || terminated)) {
      consumer.resume(List.of(partition));
      paused = false;
    }
  }

  private void end(Throwable cause) {
    if (terminated) {
      return;
    }
    terminated = true;
    sink.tryEmitError(cause);
    try {
      onEnd.run();
    } catch (RuntimeException e) {
      log.warn("session end callback failed", e);
    }
  }
}
