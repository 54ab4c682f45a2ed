package io.backchannel.testing;

import io.netty.buffer.ByteBuf;
import io.rsocket.frame.ErrorFrameCodec;
import io.rsocket.frame.FrameHeaderCodec;
import io.rsocket.frame.FrameType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * Subscribes to a connection's {@code receive()} and records what arrives without keeping any
 * buffer (the transport releases each frame after {@code onNext}). Requests {@code initial} frames
 * at first, more only through {@link #more}, and notes any frame delivered beyond its demand.
 */
public final class FrameRecorder extends BaseSubscriber<ByteBuf> {
  public final List<Integer> sequences = new CopyOnWriteArrayList<>();
  /** {@code "<stream id>:<sequence>"} of each NEXT frame. */
  public final List<String> streamSequences = new CopyOnWriteArrayList<>();
  public final List<FrameType> types = new CopyOnWriteArrayList<>();
  public final List<Long> checksums = new CopyOnWriteArrayList<>();
  /** {@code "<error code>:<message>"} of each ERROR frame. */
  public final List<String> errorFrames = new CopyOnWriteArrayList<>();
  public final AtomicReference<Throwable> error = new AtomicReference<>();
  private final AtomicLong outstanding = new AtomicLong();
  private final AtomicLong beyondDemand = new AtomicLong();
  private final long initial;
  private final boolean checksum;
  private volatile boolean completed;

  private FrameRecorder(long initial, boolean checksum) {
    this.initial = initial;
    this.checksum = checksum;
    outstanding.set(initial);
  }

  /** Requests everything at once, as RSocket does. */
  public static FrameRecorder unbounded() {
    return new FrameRecorder(Long.MAX_VALUE, false);
  }

  /** Requests {@code initial} frames (0 for none) and waits for {@link #request}. */
  public static FrameRecorder requesting(long initial) {
    return new FrameRecorder(initial, false);
  }

  /** Requests everything and keeps a checksum of each frame. */
  public static FrameRecorder checksumming() {
    return new FrameRecorder(Long.MAX_VALUE, true);
  }

  @Override
  protected void hookOnSubscribe(Subscription subscription) {
    if (initial > 0) {
      request(initial);
    }
  }

  /** Adds to the demand; counted before the request so a frame it allows is never "beyond" it. */
  public void more(long n) {
    outstanding.addAndGet(n);
    request(n);
  }

  @Override
  protected void hookOnNext(ByteBuf frame) {
    if (initial != Long.MAX_VALUE && outstanding.decrementAndGet() < 0) {
      beyondDemand.incrementAndGet();
    }
    FrameType type = FrameHeaderCodec.frameType(frame);
    types.add(type);
    if (type == FrameType.NEXT) {
      int sequence = TestFrames.sequence(frame);
      sequences.add(sequence);
      streamSequences.add(FrameHeaderCodec.streamId(frame) + ":" + sequence);
    } else if (type == FrameType.ERROR) {
      errorFrames.add(ErrorFrameCodec.errorCode(frame) + ":" + ErrorFrameCodec.dataUtf8(frame));
    }
    if (checksum) {
      checksums.add(TestFrames.checksum(frame));
    }
  }

  @Override
  protected void hookOnError(Throwable throwable) {
    error.set(throwable);
  }

  @Override
  protected void hookOnComplete() {
    completed = true;
  }

  /** Whether {@code receive()} ended, with an error or by completing. */
  public boolean terminated() {
    return completed || error.get() != null;
  }

  /** Frames delivered while this recorder had no outstanding demand. */
  public long deliveredBeyondDemand() {
    return beyondDemand.get();
  }
}
