package io.backchannel.core.internal.proxy;

import io.backchannel.CodecException;
import io.backchannel.DeadlineExceededException;
import io.backchannel.core.internal.call.CallObservation;
import io.backchannel.core.internal.call.CallScopes;
import io.backchannel.core.internal.call.Deadlines;
import io.backchannel.core.internal.call.RequestIds;
import io.backchannel.core.internal.service.MethodDescriptor;
import io.backchannel.core.internal.wire.AppMetadata;
import io.backchannel.core.internal.wire.ErrorMapping;
import io.backchannel.core.internal.wire.PayloadCodec;
import io.backchannel.core.internal.wire.RequestMetadata;
import io.backchannel.core.observe.Direction;
import io.netty.buffer.ByteBuf;
import io.rsocket.Payload;
import io.rsocket.util.ByteBufPayload;
import java.lang.reflect.Type;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.SynchronousSink;

/**
 * One outbound call, from the moment the proxy method is invoked: its id, deadline and target.
 * Builds the request payload lazily (on subscription) so that nothing leaks if it is never sent,
 * decodes responses where they arrive and releases them at once, maps errors, and logs once.
 */
final class OutboundCall {
  private final MethodDescriptor method;
  private final CallerSettings settings;
  private final TargetResolver resolver;
  final String requestId = RequestIds.next();
  private final Deadlines deadlines;
  final long startNanos;
  final long deadlineNanos;
  private volatile String nodeId = "?";
  private volatile @Nullable CallTarget target;
  private volatile @Nullable CallObservation observation;
  private final AppMetadata appMetadata;
  /** Whether results go to the caller on the thread they arrive on; see {@code CallOptions.directDelivery}. */
  final boolean direct = CallScopes.directDelivery();

  OutboundCall(MethodDescriptor method, CallerSettings settings, TargetResolver resolver) {
    this.method = method;
    this.settings = settings;
    this.resolver = resolver.atInvocation();
    this.deadlines = settings.deadlines();
    this.appMetadata = settings.interceptors().outboundMetadata();
    this.startNanos = deadlines.now();
    this.deadlineNanos = deadlines.outbound(startNanos, method.timeout(), settings.defaultDeadline());
  }

  /** Sends the request now; its outcome completes the returned future, on the thread it arrives on. */
  CallFuture<Object> future(@Nullable Object[] args, Executor callbacks) {
    return CallFuture.start(this, args, callbacks);
  }

  /** The request-response as a Mono: sent on subscription, cancelled with it. */
  Mono<Object> mono(@Nullable Object[] args) {
    return Mono.create(sink -> {
      UnaryExchange exchange = UnaryExchange.start(this, args, new UnaryExchange.Outcome() {
        @Override
        public void succeeded(@Nullable Object value) {
          if (value == null) {
            sink.success();
          } else {
            sink.success(value);
          }
        }

        @Override
        public void failed(Throwable error) {
          sink.error(error);
        }
      });
      sink.onCancel(exchange::cancel);
    });
  }

  Mono<Void> fireAndForget(@Nullable Object[] args) {
    CallTarget target = target();
    Payload request;
    try {
      request = request(target, args);
    } catch (RuntimeException e) {
      target.callEnded(deadlines.now() - startNanos, false);
      CallObservation seen = observation;
      if (seen != null) {
        seen.end(e);
      }
      throw e;
    }
    return observe(target.requester().fireAndForget(request));
  }

  Flux<Object> requestStream(@Nullable Object[] args) {
    Flux<Object> items = Flux.defer(() -> {
      CallTarget target = target();
      return prefetched(target, target.requester().requestStream(request(target, args)))
          .handle((Payload payload, SynchronousSink<Object> sink) -> decode(target.codec(), payload, sink));
    });
    return observe(deadlines.bound(items, deadlineNanos, this::expired));
  }

  Flux<Object> requestChannel(@Nullable Object[] args, Flux<?> outbound) {
    Flux<Object> items = Flux.defer(() -> {
      CallTarget target = target();
      PayloadCodec codec = target.codec();
      Type itemType = Objects.requireNonNull(method.channelItemType(), "channel method without an item type");
      Flux<Payload> payloads = Flux.concat(
          Mono.fromCallable(() -> request(target, args)),
          (direct ? outbound : outbound.subscribeOn(settings.scheduler()))
              .map(item -> ByteBufPayload.create(codec.encode(itemType, item, requestId))));
      return prefetched(target, target.requester().requestChannel(payloads))
          .handle((Payload payload, SynchronousSink<Object> sink) -> decode(codec, payload, sink));
    });
    return observe(deadlines.bound(items, deadlineNanos, this::expired));
  }

  /**
   * {@code items} asked for {@code target.streamPrefetch()} at a time when its transport wants
   * more than the proxy's own prefetch: over a broker, each REQUEST_N costs a round trip.
   */
  private static Flux<Payload> prefetched(CallTarget target, Flux<Payload> items) {
    int prefetch = target.streamPrefetch();
    // Items queued ahead and never consumed (a cancel) are released, not leaked.
    return prefetch > io.backchannel.core.transport.TransportFactory.DEFAULT_STREAM_PREFETCH
        ? items.limitRate(prefetch).doOnDiscard(Payload.class, Payload::release) : items;
  }

  DeadlineExceededException expired() {
    return new DeadlineExceededException(
        "deadline exceeded calling " + method.route() + " on node " + nodeId, requestId, null);
  }

  /** Arms this call's deadline on the peer's timer; see {@link Deadlines#arm}. */
  Disposable armDeadline(Runnable onExpiry) {
    return deadlines.arm(deadlineNanos, onExpiry);
  }

  CallTarget target() {
    CallTarget target = resolver.resolve();
    nodeId = target.nodeId();
    this.target = target;
    target.callStarted();
    observation = settings.interceptors()
        .start(Direction.OUTBOUND, method.route(), nodeId, requestId, deadlineNanos, appMetadata);
    return target;
  }

  Payload request(CallTarget target, @Nullable Object[] args) {
    PayloadCodec codec = target.codec();
    ByteBuf data = codec.encodeArguments(method.argumentTypes(), method.requestArguments(args), requestId);
    ByteBuf metadata;
    try {
      metadata = new RequestMetadata(
              method.route(), requestId, deadlines.remainingMillis(deadlineNanos), target.destination(), null,
              appMetadata.view())
          .encode(codec.allocator());
    } catch (RuntimeException e) {
      data.release();
      throw e;
    }
    return ByteBufPayload.create(data, metadata);
  }

  /**
   * The response's value, or null for none; the caller releases {@code payload}.
   *
   * @throws CodecException if it does not decode
   */
  @Nullable Object decode(PayloadCodec codec, Payload payload) {
    return codec.decode(method.resultType(), payload.sliceData(), requestId);
  }

  private void decode(PayloadCodec codec, Payload payload, SynchronousSink<Object> sink) {
    try {
      Object value = decode(codec, payload);
      if (value != null) {
        sink.next(value);
      }
    } catch (CodecException e) {
      sink.error(e);
    } finally {
      payload.release();
    }
  }

  private <T> Mono<T> observe(Mono<T> mono) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    return mono.onErrorMap(this::fromWire)
        .doOnError(failure::set)
        .doFinally(signal -> finish(signal, failure.get()));
  }

  private <T> Flux<T> observe(Flux<T> flux) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    return flux.onErrorMap(this::fromWire)
        .doOnError(failure::set)
        .doFinally(signal -> finish(signal, failure.get()));
  }

  Throwable fromWire(Throwable error) {
    CallTarget called = target;
    return ErrorMapping.fromWire(error, requestId, method.declaredExceptions(), called != null && !called.isOpen());
  }

  private void finish(SignalType signal, @Nullable Throwable failure) {
    if (signal == SignalType.CANCEL) {
      finishCancelled();
    } else {
      finish(failure);
    }
  }

  /** Ends the call as the caller cancelled it. */
  void finishCancelled() {
    finish(new CancellationException("cancelled by the caller"));
  }

  /** Ends the call, once, with its outcome: null for success. */
  void finish(@Nullable Throwable outcome) {
    CallTarget called = target;
    if (called != null) {
      called.callEnded(deadlines.now() - startNanos, outcome == null);
    }
    CallObservation seen = observation;
    if (seen == null) {
      // The call failed before it had a target (no route, not connected): still seen once.
      seen = settings.interceptors().start(Direction.OUTBOUND, method.route(), nodeId, requestId, deadlineNanos, appMetadata);
    }
    seen.end(outcome);
  }
}
