package io.backchannel.core.internal.proxy;

import io.backchannel.core.internal.wire.PayloadCodec;
import io.rsocket.Payload;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Operators;

/**
 * One request-response on the wire, as a single subscriber: it decodes the response where it
 * arrives, fails the call at its deadline (the peer's timer, cancelling the request), maps wire
 * errors and ends the call's observation, then hands the outcome on. What an operator chain
 * (defer, handle, timeout, error mapping, finally) did in a dozen objects per call, it does in two.
 * Exactly one of response, error, expiry and cancel ends the call; the others find it ended.
 */
final class UnaryExchange implements CoreSubscriber<Payload> {
  /** Where the outcome goes: the proxy's future, or a Mono's sink. */
  interface Outcome {
    void succeeded(@Nullable Object value);

    void failed(Throwable error);
  }

  private final OutboundCall call;
  private final Outcome outcome;
  private final AtomicReference<@Nullable Subscription> upstream = new AtomicReference<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile @Nullable Disposable deadline;
  private @Nullable PayloadCodec codec;

  private UnaryExchange(OutboundCall call, Outcome outcome) {
    this.call = call;
    this.outcome = outcome;
  }

  /** Sends the call's request now; returns the exchange, so that the caller can cancel it. */
  static UnaryExchange start(OutboundCall call, @Nullable Object[] args, Outcome outcome) {
    UnaryExchange exchange = new UnaryExchange(call, outcome);
    exchange.begin(args);
    return exchange;
  }

  private void begin(@Nullable Object[] args) {
    Payload request;
    CallTarget target;
    try {
      target = call.target();
      codec = target.codec();
      request = call.request(target, args);
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    // Armed once the request is on its way, so that a spent budget still cancels it the usual way.
    target.requester().requestResponse(request).subscribe(this);
    try {
      Disposable armed = call.armDeadline(this::expire);
      deadline = armed;
      if (ended.get()) {
        armed.dispose(); // the response won the race with arming: let go of the timer's entry now
      }
    } catch (IllegalStateException e) {
      if (end(true)) {
        call.finish(e);
        outcome.failed(e);
      }
    }
  }

  /** The caller gave up (a cancelled future or Mono): the request is cancelled on the wire. */
  void cancel() {
    if (end(true)) {
      call.finishCancelled();
    }
  }

  private void expire() {
    if (end(true)) {
      Throwable expired = call.expired();
      call.finish(expired);
      outcome.failed(expired);
    }
  }

  @Override
  public void onSubscribe(Subscription s) {
    if (upstream.compareAndSet(null, s)) {
      if (ended.get()) {
        cancelUpstream();
      } else {
        s.request(Long.MAX_VALUE);
      }
    } else {
      s.cancel();
    }
  }

  @Override
  public void onNext(Payload payload) {
    Object value;
    try {
      if (!end(false)) {
        return;
      }
      value = call.decode(Objects.requireNonNull(codec, "response before request"), payload);
    } catch (RuntimeException e) {
      Throwable mapped = call.fromWire(e);
      call.finish(mapped);
      outcome.failed(mapped);
      return;
    } finally {
      payload.release();
    }
    call.finish(null);
    outcome.succeeded(value);
  }

  @Override
  public void onError(Throwable error) {
    fail(error);
  }

  @Override
  public void onComplete() {
    if (end(false)) {
      call.finish(null);
      outcome.succeeded(null);
    }
  }

  private void fail(Throwable error) {
    if (end(false)) {
      Throwable mapped = call.fromWire(error);
      call.finish(mapped);
      outcome.failed(mapped);
    }
  }

  /**
   * Marks the call ended, once: disarms its deadline and, when the caller or the deadline ended
   * it, cancels the request on the wire.
   */
  private boolean end(boolean cancelRequest) {
    if (!ended.compareAndSet(false, true)) {
      return false;
    }
    Disposable armed = deadline;
    if (armed != null) {
      armed.dispose();
    }
    if (cancelRequest) {
      cancelUpstream();
    }
    return true;
  }

  private void cancelUpstream() {
    Subscription current = upstream.getAndSet(Operators.cancelledSubscription());
    if (current != null && current != Operators.cancelledSubscription()) {
      current.cancel();
    }
  }
}
