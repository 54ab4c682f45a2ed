package io.backchannel.core.internal.wire;

import io.backchannel.CodecException;
import io.backchannel.PayloadTooLargeException;
import io.backchannel.core.codec.Codec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/**
 * A connection's codec bound to buffers: encodes straight into pooled buffers of the connection's
 * allocator, which the caller then owns, and decodes from a buffer without copying it first or
 * taking ownership. Failures become {@link CodecException} and {@link
 * PayloadTooLargeException}, with nothing leaked.
 */
public final class PayloadCodec {
  private final Codec codec;
  private final ByteBufAllocator allocator;
  private final int maxPayloadSize;

  public PayloadCodec(Codec codec, ByteBufAllocator allocator, int maxPayloadSize) {
    this.codec = codec;
    this.allocator = allocator;
    this.maxPayloadSize = maxPayloadSize;
  }

  public Codec codec() {
    return codec;
  }

  public ByteBufAllocator allocator() {
    return allocator;
  }

  /** Encodes call arguments; an empty buffer for a method without parameters. */
  public ByteBuf encodeArguments(Type[] types, @Nullable Object[] args, @Nullable String requestId) {
    ByteBuf buffer = allocator.buffer();
    try {
      codec.encodeArguments(types, args, buffer);
    } catch (IOException | RuntimeException e) {
      buffer.release();
      throw rethrow(e, "cannot encode arguments", requestId);
    }
    return checkSize(buffer, requestId);
  }

  /** Encodes one value. */
  public ByteBuf encode(Type type, Object value, @Nullable String requestId) {
    ByteBuf buffer = allocator.buffer();
    try {
      codec.encode(type, value, buffer);
    } catch (IOException | RuntimeException e) {
      buffer.release();
      throw rethrow(e, "cannot encode " + type.getTypeName(), requestId);
    }
    return checkSize(buffer, requestId);
  }

  /** Decodes call arguments from {@code data}, which the caller keeps owning. */
  public @Nullable Object[] decodeArguments(Type[] types, ByteBuf data, @Nullable String requestId) {
    if (types.length == 0) {
      return new Object[0];
    }
    try {
      return codec.decodeArguments(types, data);
    } catch (IOException | RuntimeException e) {
      throw new CodecException("cannot decode arguments with " + codec.mimeType() + ": " + e.getMessage(), requestId, e);
    }
  }

  /** Decodes one value from {@code data}, which the caller keeps owning; empty data is null. */
  public @Nullable Object decode(Type type, ByteBuf data, @Nullable String requestId) {
    if (!data.isReadable() || type == void.class) {
      return null;
    }
    try {
      return codec.decode(type, data);
    } catch (IOException | RuntimeException e) {
      throw new CodecException(
          "cannot decode " + type.getTypeName() + " with " + codec.mimeType() + ": " + e.getMessage(), requestId, e);
    }
  }

  private ByteBuf checkSize(ByteBuf buffer, @Nullable String requestId) {
    if (buffer.readableBytes() > maxPayloadSize) {
      int size = buffer.readableBytes();
      buffer.release();
      throw new PayloadTooLargeException(
          "payload of " + size + " bytes exceeds the maximum of " + maxPayloadSize, requestId, null);
    }
    return buffer;
  }

  private RuntimeException rethrow(Exception e, String what, @Nullable String requestId) {
    return new CodecException(what + " with " + codec.mimeType() + ": " + e.getMessage(), requestId, e);
  }
}
