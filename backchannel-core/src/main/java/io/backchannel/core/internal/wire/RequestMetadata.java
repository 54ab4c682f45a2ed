package io.backchannel.core.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.rsocket.metadata.CompositeMetadata;
import io.rsocket.metadata.RoutingMetadata;
import java.nio.charset.StandardCharsets;
import io.backchannel.core.observe.CallMetadata;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The metadata of a request: route (RSocket routing extension), request id and remaining deadline
 * budget (Backchannel entries), and the application's own entries ({@link AppMetadata}), of
 * which at most {@link io.backchannel.core.observe.CallMetadata#MAX_ENTRIES} of bounded size are
 * kept; entries beyond that bound, and those of unknown reserved types, are ignored. The route and
 * request id must be printable ASCII of at most {@link WireText#MAX_ROUTE} and {@link
 * WireText#MAX_REQUEST_ID} characters: they reach logs.
 *
 * @param deadlineMillis the remaining budget in milliseconds, or -1 when the caller sent none
 * @param extra the application entries, UTF-8 text by MIME type
 */
public record RequestMetadata(
    @Nullable String route,
    @Nullable String requestId,
    long deadlineMillis,
    @Nullable String destination,
    @Nullable Origin origin,
    Map<String, String> extra) {

  public RequestMetadata(@Nullable String route, @Nullable String requestId, long deadlineMillis) {
    this(route, requestId, deadlineMillis, null, null, Map.of());
  }

  /** The same request relayed: no destination, the hub's view of the origin, the budget left. */
  public RequestMetadata relayed(Origin from, long remainingMillis) {
    return new RequestMetadata(route, requestId, remainingMillis, null, from, extra);
  }

  /**
   * Encodes this metadata as composite metadata, in one contiguous buffer the caller owns: a
   * composite buffer of a dozen small parts cost more to build, write and free than the call.
   */
  public ByteBuf encode(ByteBufAllocator allocator) {
    int size = 0;
    if (route != null) {
      size += CompositeEntries.ROUTING.size(1 + ByteBufUtil.utf8Bytes(route));
    }
    if (requestId != null) {
      size += CompositeEntries.REQUEST_ID.size(ByteBufUtil.utf8Bytes(requestId));
    }
    if (deadlineMillis >= 0) {
      size += CompositeEntries.DEADLINE.size(Long.BYTES);
    }
    if (destination != null) {
      size += CompositeEntries.DESTINATION.size(ByteBufUtil.utf8Bytes(destination));
    }
    byte[] originJson = origin == null ? null : origin.toJson();
    if (originJson != null) {
      size += CompositeEntries.ORIGIN.size(originJson.length);
    }
    for (Map.Entry<String, String> entry : extra.entrySet()) {
      size += CompositeEntries.header(entry.getKey()).size(ByteBufUtil.utf8Bytes(entry.getValue()));
    }
    ByteBuf out = allocator.buffer(size, size);
    try {
      if (route != null) {
        // Routing metadata: one tag, its length in one byte, then the route (at most 255 bytes).
        int routeBytes = ByteBufUtil.utf8Bytes(route);
        if (routeBytes > 255) {
          throw new IllegalArgumentException("route exceeds 255 bytes: " + route);
        }
        CompositeEntries.ROUTING.writeHeader(out, 1 + routeBytes);
        out.writeByte(routeBytes);
        ByteBufUtil.reserveAndWriteUtf8(out, route, routeBytes);
      }
      if (requestId != null) {
        CompositeEntries.REQUEST_ID.writeUtf8(out, requestId);
      }
      if (deadlineMillis >= 0) {
        CompositeEntries.DEADLINE.writeHeader(out, Long.BYTES);
        out.writeLong(deadlineMillis);
      }
      if (destination != null) {
        CompositeEntries.DESTINATION.writeUtf8(out, destination);
      }
      if (originJson != null) {
        CompositeEntries.ORIGIN.writeHeader(out, originJson.length);
        out.writeBytes(originJson);
      }
      for (Map.Entry<String, String> entry : extra.entrySet()) {
        CompositeEntries.header(entry.getKey()).writeUtf8(out, entry.getValue());
      }
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }

  /**
   * Reads the entries Backchannel knows from {@code metadata}, which stays owned by the caller.
   *
   * @throws IllegalArgumentException if the metadata is not well-formed composite metadata, or its
   *     route or request id is too long or not printable ASCII
   */
  public static RequestMetadata decode(ByteBuf metadata) {
    String route = null;
    String requestId = null;
    long deadline = -1;
    String destination = null;
    Origin origin = null;
    Map<String, String> extra = Map.of();
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
              if (!WireText.isValid(route, WireText.MAX_ROUTE)) {
                throw new IllegalArgumentException(
                    "route must be at most " + WireText.MAX_ROUTE + " printable ASCII characters");
              }
            }
          }
          case MimeTypes.REQUEST_ID -> requestId = WireText.decode("request id", content, WireText.MAX_REQUEST_ID);
          case MimeTypes.DEADLINE -> {
            if (content.readableBytes() != 8) {
              throw new IllegalArgumentException("deadline entry must be 8 bytes, was " + content.readableBytes());
            }
            deadline = content.getLong(content.readerIndex());
            if (deadline < 0) {
              deadline = Long.MAX_VALUE; // unsigned values past 2^63 ms: no practical deadline
            }
          }
          case MimeTypes.DESTINATION -> destination = WireText.decode("destination", content, WireText.MAX_ROUTE);
          case MimeTypes.ORIGIN -> origin = Origin.fromJson(content);
          default -> extra = withExtra(extra, mime, content);
        }
      }
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed composite metadata: " + e.getMessage(), e);
    }
    return new RequestMetadata(route, requestId, deadline, destination, origin, extra);
  }

  /** {@code extra} with one more application entry, unless it is reserved or past the bounds. */
  private static Map<String, String> withExtra(Map<String, String> extra, String mime, ByteBuf content) {
    if (AppMetadata.isReserved(mime) || extra.size() >= CallMetadata.MAX_ENTRIES
        || content.readableBytes() > CallMetadata.MAX_VALUE_BYTES) {
      return extra;
    }
    Map<String, String> more = extra.isEmpty() ? new HashMap<>(4) : extra;
    more.put(mime, content.toString(StandardCharsets.UTF_8));
    return more;
  }
}
