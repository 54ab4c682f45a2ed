package io.backchannel.core.internal.dispatch;

import io.backchannel.CodecException;
import io.backchannel.DeadlineExceededException;
import io.backchannel.core.internal.call.CallObservation;
import io.backchannel.core.internal.call.Deadlines;
import io.backchannel.core.internal.call.InboundCall;
import io.backchannel.core.internal.call.RequestIds;
import io.backchannel.core.internal.dispatch.ServiceRegistry.Endpoint;
import io.backchannel.core.internal.service.CallStyle;
import io.backchannel.core.internal.service.MethodDescriptor;
import io.backchannel.core.internal.wire.AppMetadata;
import io.backchannel.core.internal.wire.ErrorMapping;
import io.backchannel.core.internal.wire.Control;
import io.backchannel.core.internal.wire.ErrorStatus;
import io.backchannel.core.internal.wire.MimeTypes;
import io.backchannel.core.internal.wire.Origin;
import io.backchannel.core.internal.wire.PayloadCodec;
import io.backchannel.core.internal.wire.RequestMetadata;
import io.backchannel.core.observe.Direction;
import io.netty.buffer.Unpooled;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.RSocketErrorException;
import io.rsocket.util.ByteBufPayload;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Type;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.MDC;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * The responder of one connection. Runs on the I/O thread only to decode metadata and arguments
 * and to release inbound payloads; handler methods run on the peer's executor, and stream items
 * are requested and produced there too, except for methods marked {@code @NonBlocking}: those run
 * on the I/O thread, and their streams are served where they emit.
 */
public final class Dispatcher implements RSocket {
  private static final Set<CallStyle> UNARY =
      EnumSet.of(CallStyle.BLOCKING, CallStyle.FUTURE, CallStyle.MONO, CallStyle.FIRE_AND_FORGET);
  private static final int CHANNEL_PREFETCH = 32;

  private final DispatchSettings settings;
  private final PayloadCodec codec;
  private final InboundSession session;
  private final InboundLimiter.Quota quota;
  private final Relay relay;

  /**
   * A request accepted for a handler: limiter slot taken, payload released. Its slot is freed once
   * both the response stream has ended and the handler thread has left the handler (a handler
   * that ignores its interrupt still holds the slot).
   */
  private record Request(
      Endpoint endpoint, InboundCall call, CallObservation observation, @Nullable Object[] args, InboundLimiter.Slot slot) {
    MethodDescriptor method() {
      return endpoint.method();
    }
  }

  public Dispatcher(DispatchSettings settings, PayloadCodec codec, InboundSession session) {
    this.settings = settings;
    this.codec = codec;
    this.session = session;
    this.quota = settings.limiter().quota(session::remoteTenant);
    this.relay = new Relay(settings, session, quota, codec.allocator());
  }

  @Override
  public Mono<Payload> requestResponse(Payload payload) {
    RequestMetadata metadata;
    try {
      metadata = metadata(payload);
    } catch (RSocketErrorException e) {
      payload.release();
      return Mono.error(e);
    }
    if (MimeTypes.HELLO_ROUTE.equals(metadata.route())) {
      payload.release();
      return Mono.just(ByteBufPayload.create(Unpooled.wrappedBuffer(settings.hello().get())));
    }
    if (MimeTypes.NODES_ROUTE.equals(metadata.route())) {
      try {
        return Mono.just(ByteBufPayload.create(Unpooled.wrappedBuffer(session.visibleNodes(payload.sliceData()))));
      } finally {
        payload.release();
      }
    }
    if (relay.applies(metadata)) {
      return relay.requestResponse(metadata, payload);
    }
    Request request;
    try {
      request = accept(payload, metadata, UNARY, "request-response", false);
    } catch (RSocketErrorException e) {
      return Mono.error(e);
    }
    Mono<Object> result;
    if (request.endpoint().inline() && request.method().style() == CallStyle.FUTURE) {
      CompletableFuture<?> future;
      try {
        future = (CompletableFuture<?>) Objects.requireNonNull(invoke(request, null));
      } catch (Exception e) {
        return observe(request, Mono.error(e));
      } finally {
        release(request);
      }
      Mono<Payload> answered = answered(request, future);
      if (answered != null) {
        return answered;
      }
      result = Mono.fromFuture(future);
    } else {
      result = unary(request);
    }
    // Encoded only after the deadline operator: a result it drops is an object, never a buffer.
    Mono<Payload> response = settings.deadlines().bound(result, request.call().deadlineNanos(), () -> expired(request))
        .map(value -> encode(request, value));
    return observe(request, response);
  }

  /**
   * The response of a {@code @NonBlocking} handler whose future completed while it ran, encoded
   * at once: a call that is already over needs no deadline and no operators. Null while the
   * future is still to complete, or when it failed (the general path maps the failure).
   */
  private @Nullable Mono<Payload> answered(Request request, CompletableFuture<?> future) {
    if (!future.isDone() || future.isCompletedExceptionally()) {
      return null;
    }
    Object value = future.join();
    Payload response;
    try {
      response = value == null ? null : encode(request, value);
    } catch (RuntimeException e) {
      return observe(request, Mono.error(e));
    }
    finish(request, null);
    return Mono.justOrEmpty(response);
  }

  private Payload encode(Request request, Object value) {
    return ByteBufPayload.create(codec.encode(request.method().resultType(), value, request.call().requestId()));
  }

  @Override
  public Mono<Void> fireAndForget(Payload payload) {
    Request request;
    try {
      RequestMetadata metadata = metadataOrRelease(payload);
      if (relay.applies(metadata)) {
        return relay.fireAndForget(metadata, payload);
      }
      request = accept(payload, metadata, UNARY, "fire-and-forget", false);
    } catch (RSocketErrorException e) {
      return Mono.empty();
    }
    Mono<Void> done = settings.deadlines().bound(unary(request).then(), request.call().deadlineNanos(), () -> expired(request));
    observe(request, done).subscribe(null, error -> {});
    return Mono.empty();
  }

  @Override
  public Flux<Payload> requestStream(Payload payload) {
    Request request;
    try {
      RequestMetadata metadata = metadataOrRelease(payload);
      if (relay.applies(metadata)) {
        return relay.requestStream(metadata, payload);
      }
      request = accept(payload, metadata, EnumSet.of(CallStyle.STREAM), "request-stream", true);
    } catch (RSocketErrorException e) {
      return Flux.error(e);
    }
    return stream(request, null);
  }

  @Override
  public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
    return Flux.from(payloads).switchOnFirst((first, all) -> {
      Payload head = first.get();
      if (head == null) {
        return Flux.error(ErrorMapping.invalid(ErrorStatus.UNKNOWN_ROUTE, "request-channel without a first payload", null));
      }
      Request request;
      try {
        RequestMetadata metadata = metadataOrRelease(head);
        if (relay.applies(metadata)) {
          return relay.requestChannel(metadata, head, all.skip(1));
        }
        request = accept(head, metadata, EnumSet.of(CallStyle.CHANNEL), "request-channel", true);
      } catch (RSocketErrorException e) {
        return Flux.error(e);
      }
      MethodDescriptor method = request.method();
      Type itemType = Objects.requireNonNull(method.channelItemType(), "channel method without an item type");
      Flux<Object> items = all.skip(1)
          .<Object>handle((item, sink) -> {
            try {
              Object value = codec.decode(itemType, item.sliceData(), request.call().requestId());
              if (value == null) {
                sink.error(new CodecException("request-channel item was empty", request.call().requestId(), null));
              } else {
                sink.next(value);
              }
            } catch (CodecException e) {
              sink.error(e);
            } finally {
              item.release();
            }
          });
      return stream(request, request.endpoint().inline() ? items : items.publishOn(settings.scheduler(), Math.max(CHANNEL_PREFETCH, session.streamPrefetch())));
    });
  }

  @Override
  public Mono<Void> metadataPush(Payload payload) {
    try {
      Control control = payload.hasMetadata() ? Control.decode(payload.sliceMetadata()) : null;
      if (control != null) {
        session.onControl(control);
      }
    } finally {
      payload.release();
    }
    return Mono.empty();
  }

  private Flux<Payload> stream(Request request, @Nullable Flux<Object> channelItems) {
    Flux<Object> values = request.endpoint().inline()
        ? handler(request, channelItems).flatMapMany(result -> (Flux<?>) result)
        : handler(request, channelItems).flatMapMany(result -> ((Flux<?>) result).subscribeOn(settings.scheduler()));
    Flux<Payload> items = settings.deadlines().bound(values, request.call().deadlineNanos(), () -> expired(request))
        .map(value -> encode(request, value));
    return observe(request, items);
  }

  private Mono<Object> unary(Request request) {
    Mono<Object> result = handler(request, null);
    return switch (request.method().style()) {
      case FUTURE -> result.flatMap(future -> Mono.fromFuture((CompletableFuture<?>) future));
      case MONO -> result.flatMap(mono -> (Mono<?>) mono);
      default -> result;
    };
  }

  /**
   * The handler's return value, once the handler ran: on a worker thread, or for a
   * {@code @NonBlocking} method inline on the subscribing (I/O) thread.
   */
  private Mono<Object> handler(Request request, @Nullable Flux<Object> channelItems) {
    if (!request.endpoint().inline()) {
      return WorkerCall.run(settings.executor(), () -> invoke(request, channelItems), () -> release(request));
    }
    return Mono.defer(() -> {
      Object result;
      try {
        result = invoke(request, channelItems);
      } catch (Exception e) {
        return Mono.error(e);
      } finally {
        release(request);
      }
      return Mono.justOrEmpty(result);
    });
  }

  /** Runs the handler method on the current thread with the call bound to it. */
  private @Nullable Object invoke(Request request, @Nullable Flux<Object> channelItems) throws Exception {
    MethodDescriptor method = request.method();
    @Nullable Object[] args = method.invocationArguments(request.args(), channelItems);
    MDC.put("requestId", request.call().requestId());
    // The call's observation (if any observes it) is current while the handler runs: trace id in the MDC.
    try (var _ = request.observation().openScope()) {
      Object result = ScopedValue.where(InboundCall.CURRENT, request.call())
          .call(() -> method.method().invoke(request.endpoint().target(), args));
      if (result == null && method.style() != CallStyle.BLOCKING && method.style() != CallStyle.FIRE_AND_FORGET) {
        throw new IllegalStateException("handler " + method.route() + " returned null instead of a " + method.style());
      }
      return result;
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw cause instanceof Exception ex ? ex : new RuntimeException(cause);
    } finally {
      MDC.remove("requestId");
    }
  }

  private RequestMetadata metadataOrRelease(Payload payload) {
    try {
      return metadata(payload);
    } catch (RSocketErrorException e) {
      payload.release();
      throw e;
    }
  }

  /**
   * Checks a request, takes its limiter slot and decodes its arguments, releasing its payload
   * whatever happens. Its deadline is the caller's budget, at most this peer's maximum.
   */
  private Request accept(
      Payload payload, RequestMetadata metadata, Set<CallStyle> allowed, String interaction, boolean stream) {
    long start = settings.deadlines().now();
    String requestId = null;
    String route = null;
    String caller = session.remoteNodeId();
    boolean exported = false;
    try {
      requestId = metadata.requestId() != null ? metadata.requestId() : RequestIds.next();
      route = metadata.route();
      caller = caller(metadata, requestId);
      if (route == null) {
        throw ErrorMapping.invalid(ErrorStatus.UNKNOWN_ROUTE, "request has no route", requestId);
      }
      Endpoint endpoint = settings.registry().endpoint(route);
      if (endpoint == null) {
        throw ErrorMapping.invalid(ErrorStatus.UNKNOWN_ROUTE, "no service exports route '" + route + "'", requestId);
      }
      exported = true;
      MethodDescriptor method = endpoint.method();
      if (!allowed.contains(method.style())) {
        throw ErrorMapping.invalid(ErrorStatus.UNKNOWN_ROUTE,
            "route '" + route + "' is a " + method.style().name().toLowerCase(java.util.Locale.ROOT)
                + " method and cannot be called as " + interaction, requestId);
      }
      InboundLimiter.Slot slot = quota.acquire(stream, 2, requestId);
      try {
        @Nullable Object[] args = codec.decodeArguments(method.argumentTypes(), payload.sliceData(), requestId);
        long deadline = Deadlines.inbound(start, metadata.deadlineMillis(), settings.defaultDeadline(), settings.maxDeadline());
        CallObservation observation = settings.interceptors().start(
            Direction.INBOUND, route, caller, requestId, deadline, AppMetadata.inbound(metadata.extra()));
        return new Request(endpoint, new InboundCall(requestId, route, caller, deadline, settings.deadlines()), observation, args,
            slot);
      } catch (CodecException e) {
        slot.release();
        slot.release();
        throw ErrorMapping.invalid(ErrorStatus.CODEC, e.getMessage(), requestId);
      }
    } catch (RSocketErrorException e) {
      // An unexported route is logged as "?" (its name is in the error message) so that callers
      // cannot grow the set of route names in logs' structure and metrics' tags.
      settings.interceptors().refused(Direction.INBOUND, exported && route != null ? route : "?", caller,
          requestId == null ? "-" : requestId, e);
      throw e;
    } finally {
      payload.release();
    }
  }

  /**
   * Who called: the origin a hub vouches for on a connection this peer dialed, else the node at the
   * other end. A relayed caller of another tenant is refused exactly as an unknown node would be.
   */
  private String caller(RequestMetadata metadata, String requestId) {
    Origin origin = metadata.origin();
    if (origin == null || !session.isHubConnection()) {
      return session.remoteNodeId();
    }
    if (!session.admits(origin)) {
      throw ErrorMapping.invalid(ErrorStatus.NO_ROUTE, "no route to this node", requestId);
    }
    return origin.nodeId();
  }

  private RequestMetadata metadata(Payload payload) {
    if (!payload.hasMetadata()) {
      throw ErrorMapping.invalid(ErrorStatus.UNKNOWN_ROUTE, "request has no metadata; a route is required", null);
    }
    try {
      return RequestMetadata.decode(payload.sliceMetadata());
    } catch (IllegalArgumentException e) {
      RSocketErrorException refused = ErrorMapping.invalid(ErrorStatus.CODEC,
          Objects.requireNonNullElse(e.getMessage(), "malformed request metadata"), null);
      // Logged and counted like any refused call, as route "?" without a request id: neither is trustworthy.
      settings.interceptors().refused(Direction.INBOUND, "?", session.remoteNodeId(), "-", refused);
      throw refused;
    }
  }

  private static DeadlineExceededException expired(Request request) {
    return new DeadlineExceededException(
        "deadline exceeded while serving " + request.call().route(), request.call().requestId(), null);
  }

  private <T> Mono<T> observe(Request request, Mono<T> mono) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    return mono.doOnError(failure::set)
        .onErrorMap(e -> ErrorMapping.toWire(e, request.call().requestId()))
        .doFinally(signal -> finish(request, signal, failure.get()));
  }

  private <T> Flux<T> observe(Request request, Flux<T> flux) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    return flux.doOnError(failure::set)
        .onErrorMap(e -> ErrorMapping.toWire(e, request.call().requestId()))
        .doFinally(signal -> finish(request, signal, failure.get()));
  }

  /** Frees the request's limiter slot when its last holder (stream or handler thread) lets go. */
  private static void release(Request request) {
    request.slot().release();
  }

  private void finish(Request request, SignalType signal, @Nullable Throwable failure) {
    finish(request, signal == SignalType.CANCEL ? new CancellationException("cancelled by the caller") : failure);
  }

  /** Ends a served call with its outcome, null for success, and frees its slot. */
  private void finish(Request request, @Nullable Throwable outcome) {
    release(request);
    request.observation().end(outcome);
  }
}
