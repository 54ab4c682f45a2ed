package io.backchannel.core.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import org.jspecify.annotations.Nullable;

/**
 * A stream over a buffer's readable bytes that leaves the buffer's indices alone and lets a
 * deserializer reach the bytes behind a token directly ({@link CborBinary}).
 */
final class ByteBufSource extends ByteBufInputStream {
  private final ByteBuf buffer;
  private final int start;
  private final int end;

  ByteBufSource(ByteBuf buffer) {
    super(buffer.duplicate());
    this.buffer = buffer;
    this.start = buffer.readerIndex();
    this.end = buffer.writerIndex();
  }

  /** The definite-length CBOR byte string at {@code offset} from the start, or null: see {@link CborBinary#read}. */
  byte @Nullable [] byteStringAt(long offset) {
    return offset < 0 || offset >= end - start ? null : CborBinary.read(buffer, start + (int) offset, end);
  }
}
