package io.backchannel.transport.shm;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * The connection's {@code receive()} flux. The reader thread hands each frame straight to the
 * subscriber (no scheduler hop) and releases it when {@code onNext} returns; without demand the
 * reader thread waits, leaving frames in the ring, which pushes back on the peer. One subscriber
 * only; signals come from the reader thread, except an error for a subscriber arriving after
 * the end.
 */
final class InboundFlux extends Flux<ByteBuf> implements Subscription {
  private final AtomicLong requested = new AtomicLong();
  private final Runnable onCancel;
  private final Object lock = new Object();
  private volatile @Nullable CoreSubscriber<? super ByteBuf> actual;
  private volatile boolean cancelled;
  private volatile @Nullable Thread reader;
  /** Set once a frame was dropped for a stop: every later frame is dropped too, so that what a subscriber gets stays an in-order prefix. */
  private volatile boolean abandoned;
  private boolean subscribed; // guarded by lock
  private @Nullable Throwable terminal; // guarded by lock

  InboundFlux(Runnable onCancel) {
    this.onCancel = onCancel;
  }

  @Override
  public void subscribe(CoreSubscriber<? super ByteBuf> subscriber) {
    Throwable error;
    synchronized (lock) {
      if (subscribed) {
        error = new IllegalStateException("shm connection allows one receive() subscriber");
      } else {
        subscribed = true;
        error = terminal;
      }
    }
    if (error != null) {
      Operators.error(subscriber, error);
      return;
    }
    subscriber.onSubscribe(this);
    synchronized (lock) {
      error = terminal;
      if (error == null) {
        actual = subscriber;
      }
    }
    if (error != null) {
      subscriber.onError(error);
    }
    wakeReader();
  }

  @Override
  public void request(long n) {
    if (Operators.validate(n)) {
      requested.getAndUpdate(r -> Operators.addCap(r, n));
      wakeReader();
    }
  }

  @Override
  public void cancel() {
    cancelled = true;
    onCancel.run();
    wakeReader();
  }

  /**
   * Reader thread: waits for a subscriber with demand, then delivers and releases {@code frame}.
   * Releases it undelivered if the subscriber cancels or {@code stop} turns true first.
   */
  void deliver(ByteBuf frame, BooleanSupplier stop) {
    try {
      // Set before the first check so that a request() racing with it unparks us.
      reader = Thread.currentThread();
      if (abandoned) {
        return;
      }
      CoreSubscriber<? super ByteBuf> subscriber;
      while ((subscriber = actual) == null || requested.get() == 0) {
        if (cancelled || stop.getAsBoolean()) {
          abandoned = true;
          return;
        }
        LockSupport.park(this);
      }
      if (cancelled) {
        return;
      }
      if (requested.get() != Long.MAX_VALUE) {
        requested.decrementAndGet();
      }
      subscriber.onNext(frame);
    } finally {
      frame.release();
    }
  }

  /** Reader thread, once: ends the flux with {@code error}, now or when a subscriber arrives. */
  void terminate(Throwable error) {
    CoreSubscriber<? super ByteBuf> subscriber;
    synchronized (lock) {
      terminal = error;
      subscriber = actual;
    }
    if (subscriber != null && !cancelled) {
      subscriber.onError(error);
    }
  }

  void wakeReader() {
    Thread thread = reader;
    if (thread != null) {
      LockSupport.unpark(thread);
    }
  }
}
