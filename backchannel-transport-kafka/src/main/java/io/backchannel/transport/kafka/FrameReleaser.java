package io.backchannel.transport.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.util.context.Context;

/**
 * Wraps each received record value in a {@link ByteBuf} for the duration of {@code onNext} and
 * releases it when {@code onNext} returns, as transports must: RSocket retains what it keeps.
 * Called on whichever thread delivers; not thread-safe beyond the Reactive Streams rules.
 */
final class FrameReleaser implements CoreSubscriber<byte[]>, Subscription {
  private final CoreSubscriber<? super ByteBuf> actual;
  private Subscription upstream = EMPTY;

  FrameReleaser(CoreSubscriber<? super ByteBuf> actual) {
    this.actual = actual;
  }

  @Override
  public Context currentContext() {
    return actual.currentContext();
  }

  @Override
  public void onSubscribe(Subscription s) {
    upstream = s;
    actual.onSubscribe(this);
  }

  @Override
  public void onNext(byte[] value) {
    ByteBuf frame = Unpooled.wrappedBuffer(value);
    try {
      actual.onNext(frame);
    } finally {
      frame.release();
    }
  }

  @Override
  public void onError(Throwable t) {
    actual.onError(t);
  }

  @Override
  public void onComplete() {
    actual.onComplete();
  }

  @Override
  public void request(long n) {
    upstream.request(n);
  }

  @Override
  public void cancel() {
    upstream.cancel();
  }

  private static final Subscription EMPTY = new Subscription() {
    @Override
    public void request(long n) {}

    @Override
    public void cancel() {}
  };
}
