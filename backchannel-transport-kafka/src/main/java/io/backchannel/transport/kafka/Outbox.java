package io.backchannel.transport.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The sending half of a session: frames become records of one partition, in order, with
 * connection-level (stream 0) frames ahead of queued stream frames. The session's {@link
 * SessionCodec} seals each frame on the sending thread (TLS: in the order the engine must see);
 * records it produces on the poll thread (handshake answers) join the same ordered queue. {@link #send} is thread-safe
 * and never blocks: frames are copied, released at once and handed to the producer by a virtual
 * thread, because {@code KafkaProducer.send} may block on metadata or a full buffer. {@code
 * onFailure} runs at most once, on a producer I/O thread or the sending virtual thread.
 */
final class Outbox {
  private static final Executor SENDERS =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("backchannel-kafka-send-", 0).factory());
  private static final byte[] CLOSE = new byte[0];

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final Consumer<Throwable> onFailure;
  private final SessionCodec codec;
  /** Record values in the order the codec sealed them; only the draining thread writes them. */
  private final Queue<SessionCodec.Sealed> sealed = new ConcurrentLinkedQueue<>();
  private final Queue<byte[]> urgent = new ConcurrentLinkedQueue<>();
  private final Queue<byte[]> normal = new ConcurrentLinkedQueue<>();
  private final AtomicInteger wip = new AtomicInteger();
  private final AtomicBoolean failed = new AtomicBoolean();
  private final CompletableFuture<Void> closeWritten = new CompletableFuture<>();
  private volatile boolean finished;

  Outbox(Producer<byte[], byte[]> producer, String topic, SessionCodec codec, Consumer<Throwable> onFailure) {
    this.producer = producer;
    this.topic = topic;
    this.codec = codec;
    this.onFailure = onFailure;
  }

  /**
   * Queues records the codec produced outside {@link #send} (TLS handshake answers, on the poll
   * thread) and writes them; call while holding the codec's lock, so order is the engine's.
   */
  void writeSealed(SessionCodec.Sealed record) {
    sealed.offer(record);
    drainLater();
  }

  /** Lets the codec start (a TLS client's hello). */
  void begin() {
    try {
      codec.begin(sealed::offer);
    } catch (RuntimeException e) {
      fail(e);
    }
    drainLater();
  }

  /** Takes ownership of {@code frame}; frames sent after {@link #finish} are dropped. */
  void send(ByteBuf frame, boolean urgentFrame) {
    byte[] bytes;
    try {
      bytes = ByteBufUtil.getBytes(frame);
    } finally {
      frame.release();
    }
    if (finished || failed.get()) {
      return;
    }
    (urgentFrame ? urgent : normal).offer(bytes);
    drainLater();
  }

  /**
   * Queues the close marker behind every frame sent so far. The future completes once the broker
   * has it, or exceptionally if it could not be written; repeated calls return the same future.
   */
  CompletableFuture<Void> finish() {
    if (!finished) {
      synchronized (this) {
        if (!finished) {
          finished = true;
          normal.offer(CLOSE);
          drainLater();
        }
      }
    }
    return closeWritten;
  }

  private void drainLater() {
    if (wip.getAndIncrement() == 0) {
      SENDERS.execute(this::drain);
    }
  }

  private void drain() {
    int missed = 1;
    do {
      byte[] next;
      while ((next = urgent.poll()) != null || (next = normal.poll()) != null) {
        seal(next);
        writeAllSealed();
      }
      writeAllSealed();
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private void seal(byte[] frame) {
    if (failed.get()) {
      if (frame == CLOSE) {
        closeWritten.completeExceptionally(new IllegalStateException("session failed before it closed"));
      }
      return;
    }
    try {
      if (frame == CLOSE) {
        codec.close(sealed::offer);
      } else {
        codec.seal(frame, sealed::offer);
      }
    } catch (RuntimeException e) {
      fail(e);
      if (frame == CLOSE) {
        closeWritten.completeExceptionally(e);
      }
    }
  }

  private void writeAllSealed() {
    SessionCodec.Sealed next;
    while ((next = sealed.poll()) != null) {
      write(next.value(), next.closes());
    }
  }

  private void write(byte[] value, boolean close) {
    if (failed.get()) {
      if (close) {
        closeWritten.completeExceptionally(new IllegalStateException("session failed before it closed"));
      }
      return;
    }
    ProducerRecord<byte[], byte[]> record =
        value == PlainCodec.CLOSE ? ControlRecords.close(topic) : new ProducerRecord<>(topic, 0, null, value);
    try {
      producer.send(record, (metadata, error) -> {
        if (error != null) {
          fail(error);
        }
        if (close) {
          if (error == null) {
            closeWritten.complete(null);
          } else {
            closeWritten.completeExceptionally(error);
          }
        }
      });
    } catch (RuntimeException e) {
      fail(e);
      if (close) {
        closeWritten.completeExceptionally(e);
      }
    }
  }

  private void fail(Throwable error) {
    if (failed.compareAndSet(false, true)) {
      onFailure.accept(error);
    }
  }
}
