package io.backchannel.core.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.rsocket.metadata.CompositeMetadata;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.RoutingMetadata;
import io.rsocket.metadata.TaggingMetadataCodec;
import io.rsocket.metadata.WellKnownMimeType;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The metadata of a request: route (RSocket routing extension), request id and remaining deadline
 * budget (Backchannel entries). Unknown entries are ignored, so peers may add their own.
 *
 * @param deadlineMillis the remaining budget in milliseconds, or -1 when the caller sent none
 */
public record RequestMetadata(
    @Nullable String route,
    @Nullable String requestId,
    long deadlineMillis,
    @Nullable String destination,
    @Nullable Origin origin) {

  public RequestMetadata(@Nullable String route, @Nullable String requestId, long deadlineMillis) {
    this(route, requestId, deadlineMillis, null, null);
  }

  /** The same request relayed: no destination, the hub's view of the origin, the budget left. */
  public RequestMetadata relayed(Origin from, long remainingMillis) {
    return new RequestMetadata(route, requestId, remainingMillis, null, from);
  }

  /** Encodes this metadata as a composite metadata buffer the caller owns. */
  public ByteBuf encode(ByteBufAllocator allocator) {
    CompositeByteBuf composite = allocator.compositeBuffer();
    if (route != null) {
      RoutingMetadata routing = TaggingMetadataCodec.createRoutingMetadata(allocator, List.of(route));
      CompositeMetadataCodec.encodeAndAddMetadata(
          composite, allocator, WellKnownMimeType.MESSAGE_RSOCKET_ROUTING, routing.getContent());
    }
    if (requestId != null) {
      CompositeMetadataCodec.encodeAndAddMetadata(
          composite, allocator, MimeTypes.REQUEST_ID, ByteBufUtil.writeUtf8(allocator, requestId));
    }
    if (deadlineMillis >= 0) {
      CompositeMetadataCodec.encodeAndAddMetadata(
          composite, allocator, MimeTypes.DEADLINE, allocator.buffer(8, 8).writeLong(deadlineMillis));
    }
    if (destination != null) {
      CompositeMetadataCodec.encodeAndAddMetadata(
          composite, allocator, MimeTypes.DESTINATION, ByteBufUtil.writeUtf8(allocator, destination));
    }
    if (origin != null) {
      CompositeMetadataCodec.encodeAndAddMetadata(
          composite, allocator, MimeTypes.ORIGIN, io.netty.buffer.Unpooled.wrappedBuffer(origin.toJson()));
    }
    return composite;
  }

  /**
   * Reads the entries Backchannel knows from {@code metadata}, which stays owned by the caller.
   *
   * @throws IllegalArgumentException if the metadata is not well-formed composite metadata
   */
  public static RequestMetadata decode(ByteBuf metadata) {
    String route = null;
    String requestId = null;
    long deadline = -1;
    String destination = null;
    Origin origin = null;
    try {
      for (CompositeMetadata.Entry entry : new CompositeMetadata(metadata, false)) {
        String mime = entry.getMimeType();
        if (mime == null) {
          continue;
        }
        ByteBuf content = entry.getContent();
        switch (mime) {
          case "message/x.rsocket.routing.v0" -> {
            Iterator<String> tags = new RoutingMetadata(content).iterator();
            if (tags.hasNext()) {
              route = tags.next();
            }
          }
          case MimeTypes.REQUEST_ID -> requestId = content.toString(StandardCharsets.UTF_8);
          case MimeTypes.DEADLINE -> {
            if (content.readableBytes() != 8) {
              throw new IllegalArgumentException("deadline entry must be 8 bytes, was " + content.readableBytes());
            }
            deadline = content.getLong(content.readerIndex());
            if (deadline < 0) {
              deadline = Long.MAX_VALUE; // unsigned values past 2^63 ms: no practical deadline
            }
          }
          case MimeTypes.DESTINATION -> destination = content.toString(StandardCharsets.UTF_8);
          case MimeTypes.ORIGIN -> origin = Origin.fromJson(content);
          default -> {}
        }
      }
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed composite metadata: " + e.getMessage(), e);
    }
    return new RequestMetadata(route, requestId, deadline, destination, origin);
  }
}
