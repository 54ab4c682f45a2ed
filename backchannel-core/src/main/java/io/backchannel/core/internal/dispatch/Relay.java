package io.backchannel.core.internal.dispatch;

import io.backchannel.DeadlineExceededException;
import io.backchannel.core.internal.call.CallObservation;
import io.backchannel.core.internal.call.Deadlines;
import io.backchannel.core.internal.call.RequestIds;
import io.backchannel.core.internal.wire.AppMetadata;
import io.backchannel.core.internal.wire.ErrorMapping;
import io.backchannel.core.internal.wire.ErrorStatus;
import io.backchannel.core.internal.wire.Origin;
import io.backchannel.core.internal.wire.RequestMetadata;
import io.backchannel.core.observe.Direction;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rsocket.Payload;
import io.rsocket.RSocketErrorException;
import io.rsocket.util.ByteBufPayload;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * A hub's relay: a request that names another node as its destination is forwarded, data
 * untouched, to that node's connection, with the caller's authenticated identity as its origin;
 * in a console cluster, to the console holding the node, which relays it on with the same origin.
 * A relayed call is held to what a served one is: it takes a slot in the caller's shares of the
 * limiter, gets the hub's deadline (the caller's budget, at most the hub's maximum, less the time
 * spent here), passes the interceptor chain (call log, meters) as {@link Direction#RELAYED}, and
 * is refused while the connection it would queue bytes on already has too many queued.
 */
final class Relay {
  private final DispatchSettings settings;
  private final InboundSession session;
  private final InboundLimiter.Quota quota;
  private final ByteBufAllocator allocator;

  Relay(DispatchSettings settings, InboundSession session, InboundLimiter.Quota quota, ByteBufAllocator allocator) {
    this.settings = settings;
    this.session = session;
    this.quota = quota;
    this.allocator = allocator;
  }

  /**
   * Whether {@code metadata} asks this peer to relay (it names a node other than this one) for a
   * caller it authenticated. A node this peer dialed only said who it is, so nothing is relayed
   * for it; its request is served here like any other.
   */
  boolean applies(RequestMetadata metadata) {
    return metadata.destination() != null && session.isAuthenticated()
        && !metadata.destination().equals(session.ownNodeId());
  }

  Mono<Payload> requestResponse(RequestMetadata metadata, Payload payload) {
    Call call;
    try {
      call = start(metadata, payload, false);
    } catch (RSocketErrorException e) {
      return Mono.error(e);
    }
    Mono<Payload> response = Mono.defer(() -> call.target.requester().requestResponse(call.forward(payload)))
        .map(back -> call.back(back, false))
        .onErrorMap(call::lost);
    return call.observe(settings.deadlines().bound(response, call.deadline, call::expired));
  }

  Mono<Void> fireAndForget(RequestMetadata metadata, Payload payload) {
    Call call;
    try {
      call = start(metadata, payload, false);
    } catch (RSocketErrorException e) {
      return Mono.empty(); // refused and counted; fire-and-forget has no one to tell
    }
    return call.observe(Mono.defer(() -> call.target.requester().fireAndForget(call.forward(payload))))
        .onErrorResume(e -> Mono.empty());
  }

  Flux<Payload> requestStream(RequestMetadata metadata, Payload payload) {
    Call call;
    try {
      call = start(metadata, payload, true);
    } catch (RSocketErrorException e) {
      return Flux.error(e);
    }
    Flux<Payload> items = Flux.defer(() -> call.target.requester().requestStream(call.forward(payload)))
        .map(back -> call.back(back, true))
        .onErrorMap(call::lost);
    return call.observe(settings.deadlines().bound(items, call.deadline, call::expired));
  }

  Flux<Payload> requestChannel(RequestMetadata metadata, Payload head, Flux<Payload> rest) {
    Call call;
    try {
      call = start(metadata, head, true);
    } catch (RSocketErrorException e) {
      return Flux.error(e);
    }
    Flux<Payload> items = Flux.defer(() -> call.target.requester()
            .requestChannel(Flux.concat(Mono.just(call.forward(head)), rest.map(call::onward))))
        .map(back -> call.back(back, true))
        .onErrorMap(call::lost);
    return call.observe(settings.deadlines().bound(items, call.deadline, call::expired));
  }

  /**
   * Admits a relayed call: its slot, destination and deadline. A refused call's payload is released
   * and its refusal shown to the interceptors.
   *
   * @throws RSocketErrorException REJECTED/OVERLOADED past a bound, INVALID/NO_ROUTE for a destination the caller may not reach
   */
  private Call start(RequestMetadata metadata, Payload payload, boolean stream) {
    long start = settings.deadlines().now();
    String requestId = metadata.requestId() != null ? metadata.requestId() : RequestIds.next();
    long deadline = Deadlines.inbound(start, metadata.deadlineMillis(), settings.defaultDeadline(), settings.maxDeadline());
    CallObservation observation = settings.interceptors().start(Direction.RELAYED,
        metadata.route() == null ? "?" : metadata.route(), session.remoteNodeId(), requestId, deadline,
        AppMetadata.inbound(metadata.extra()));
    InboundLimiter.Slot slot = null;
    try {
      Origin origin = session.originOf(metadata.origin());
      // A fellow console relays for many tenants over one connection: their shares count, not its.
      slot = session.isConsole() ? quota.acquireRelayed(origin.tenant(), stream, 1, requestId)
          : quota.acquire(stream, 1, requestId);
      String destination = metadata.destination();
      RelayDestination target = session.relayTarget(destination == null ? "" : destination, origin);
      if (!target.relayBuffer().hasRoom()) {
        throw full("node '" + destination + "' is not taking relayed frames fast enough", requestId);
      }
      return new Call(metadata, requestId, origin, target, slot, deadline, observation);
    } catch (RSocketErrorException e) {
      if (slot != null) {
        slot.release();
      }
      payload.release();
      observation.end(e);
      throw e;
    }
  }

  private RSocketErrorException full(String message, String requestId) {
    settings.limiter().refused(InboundLimiter.Refusal.RELAY_BUFFER);
    return ErrorMapping.rejected(ErrorStatus.OVERLOADED, message, requestId);
  }

  /** One relayed call in flight on this hub. */
  private final class Call {
    final RequestMetadata metadata;
    final String requestId;
    final Origin origin;
    final RelayDestination target;
    final InboundLimiter.Slot slot;
    final long deadline;
    final CallObservation observation;
    volatile @Nullable Throwable failure;

    Call(RequestMetadata metadata, String requestId, Origin origin, RelayDestination target, InboundLimiter.Slot slot,
        long deadline, CallObservation observation) {
      this.metadata = metadata;
      this.requestId = requestId;
      this.origin = origin;
      this.target = target;
      this.slot = slot;
      this.deadline = deadline;
      this.observation = observation;
    }

    /** The request to send on: new metadata with the budget left now, the same data (counted), the original released. */
    Payload forward(Payload payload) {
      try {
        long remaining = settings.deadlines().remainingMillis(deadline);
        ByteBuf encoded = new RequestMetadata(metadata.route(), requestId, remaining, target.forwardedDestination(),
            origin, metadata.extra()).encode(allocator);
        // One direct buffer: a frame with a heap part is copied by the transport when written, which
        // would free the counted data long before the bytes reach the socket.
        ByteBuf relayedMetadata = allocator.directBuffer(encoded.readableBytes()).writeBytes(encoded);
        encoded.release();
        return ByteBufPayload.create(target.relayBuffer().track(payload.data().retain()), relayedMetadata);
      } finally {
        payload.release();
      }
    }

    /** A channel item from the caller, counted on the destination's buffer; refused while it is full. */
    Payload onward(Payload item) {
      return counted(item, target.relayBuffer(), true);
    }

    /** A response for the caller, counted on the caller's buffer; a stream is cut while it is full. */
    Payload back(Payload item, boolean refuseWhenFull) {
      return counted(item, session.relayBuffer(), refuseWhenFull);
    }

    private Payload counted(Payload item, RelayBuffer buffer, boolean refuseWhenFull) {
      try {
        if (refuseWhenFull && !buffer.hasRoom()) {
          throw full("relayed stream cut: its receiver is not taking frames fast enough", requestId);
        }
        return ByteBufPayload.create(buffer.track(item.data().retain()), item.hasMetadata() ? item.metadata().retain() : null);
      } finally {
        item.release();
      }
    }

    <T> Mono<T> observe(Mono<T> mono) {
      return mono.doOnError(e -> failure = e)
          .onErrorMap(e -> ErrorMapping.toWire(e, requestId))
          .doFinally(this::finish);
    }

    <T> Flux<T> observe(Flux<T> flux) {
      return flux.doOnError(e -> failure = e)
          .onErrorMap(e -> ErrorMapping.toWire(e, requestId))
          .doFinally(this::finish);
    }

    private void finish(SignalType signal) {
      slot.release();
      observation.end(signal == SignalType.CANCEL ? new CancellationException("cancelled by the caller") : failure);
    }

    DeadlineExceededException expired() {
      return new DeadlineExceededException(
          "deadline exceeded while relaying " + metadata.route() + " to node " + metadata.destination(), requestId, null);
    }

    Throwable lost(Throwable error) {
      if (error instanceof RSocketErrorException) {
        return error;
      }
      if (error instanceof ClosedChannelException || error instanceof io.rsocket.exceptions.ConnectionErrorException
          || error instanceof io.rsocket.exceptions.ConnectionCloseException) {
        return ErrorMapping.status(ErrorStatus.CONNECTION_LOST,
            "hub lost the connection to node " + metadata.destination(), requestId);
      }
      return error;
    }
  }
}
