package io.backchannel.core.internal.dispatch;

import io.backchannel.core.internal.wire.ErrorMapping;
import io.backchannel.core.internal.wire.ErrorStatus;
import io.backchannel.core.internal.wire.RequestMetadata;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.RSocketErrorException;
import io.rsocket.util.ByteBufPayload;
import java.nio.channels.ClosedChannelException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A hub's relay: a request that names another node as its destination is forwarded, data
 * untouched, to that node's connection, with the caller's authenticated identity as its origin and
 * the deadline budget that is left. Responses and errors flow back as they are.
 */
final class Relay {
  private final InboundSession session;
  private final ByteBufAllocator allocator;

  Relay(InboundSession session, ByteBufAllocator allocator) {
    this.session = session;
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
    return Mono.defer(() -> {
      RSocket target = target(metadata, payload);
      return target.requestResponse(forward(metadata, payload));
    }).onErrorMap(e -> lost(e, metadata));
  }

  Mono<Void> fireAndForget(RequestMetadata metadata, Payload payload) {
    return Mono.defer(() -> {
      RSocket target = target(metadata, payload);
      return target.fireAndForget(forward(metadata, payload));
    }).onErrorResume(e -> Mono.empty());
  }

  Flux<Payload> requestStream(RequestMetadata metadata, Payload payload) {
    return Flux.defer(() -> {
      RSocket target = target(metadata, payload);
      return target.requestStream(forward(metadata, payload));
    }).onErrorMap(e -> lost(e, metadata));
  }

  Flux<Payload> requestChannel(RequestMetadata metadata, Payload head, Flux<Payload> rest) {
    return Flux.defer(() -> {
      RSocket target = target(metadata, head);
      return target.requestChannel(Flux.concat(Mono.just(forward(metadata, head)), rest));
    }).onErrorMap(e -> lost(e, metadata));
  }

  private RSocket target(RequestMetadata metadata, Payload payload) {
    try {
      return session.relayTarget(metadata.destination());
    } catch (RSocketErrorException e) {
      payload.release();
      throw e;
    }
  }

  /** The payload to send on: new metadata, the same data (retained), the original released. */
  private Payload forward(RequestMetadata metadata, Payload payload) {
    try {
      long remaining = metadata.deadlineMillis();
      ByteBuf relayedMetadata = metadata.relayed(session.asOrigin(), remaining).encode(allocator);
      return ByteBufPayload.create(payload.data().retain(), relayedMetadata);
    } finally {
      payload.release();
    }
  }

  private static Throwable lost(Throwable error, RequestMetadata metadata) {
    if (error instanceof RSocketErrorException) {
      return error;
    }
    if (error instanceof ClosedChannelException || error instanceof io.rsocket.exceptions.ConnectionErrorException
        || error instanceof io.rsocket.exceptions.ConnectionCloseException) {
      return ErrorMapping.status(ErrorStatus.CONNECTION_LOST,
          "hub lost the connection to node " + metadata.destination(), metadata.requestId());
    }
    return ErrorMapping.toWire(error, metadata.requestId());
  }
}
