package io.backchannel.core.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/**
 * Encodes call arguments and results. A codec must be thread-safe, must never instantiate a class
 * that the target {@link Type} does not name (no type information from the wire), and must report
 * malformed input with an {@link IOException}.
 *
 * <p>Wire form: the arguments of a call are one array with an element per parameter (no data at
 * all for a method without parameters); a result or stream item is one value; a {@code null}
 * result is sent as an empty payload and never reaches the codec.
 *
 * <p>A peer calls the {@link ByteBuf} forms with the connection's pooled buffers. By default they
 * go through the stream forms; a codec that can write and read buffers directly overrides them,
 * and then both forms must produce and accept the same bytes.
 */
public interface Codec {

  /** The data MIME type announced in SETUP, e.g. {@code application/cbor}. */
  String mimeType();

  /** Writes {@code args} as one array, element {@code i} of type {@code types[i]}. */
  void encodeArguments(Type[] types, @Nullable Object[] args, OutputStream out) throws IOException;

  /** Reads an array written by {@link #encodeArguments}; its length must match {@code types}. */
  @Nullable Object[] decodeArguments(Type[] types, InputStream in) throws IOException;

  /** Writes one value of {@code type}. */
  void encode(Type type, Object value, OutputStream out) throws IOException;

  /** Reads one value of {@code type}. */
  @Nullable Object decode(Type type, InputStream in) throws IOException;

  /** {@link #encodeArguments(Type[], Object[], OutputStream)} appended to {@code out}, which the caller owns. */
  default void encodeArguments(Type[] types, @Nullable Object[] args, ByteBuf out) throws IOException {
    encodeArguments(types, args, new ByteBufOutputStream(out));
  }

  /** {@link #decodeArguments(Type[], InputStream)} from {@code in}'s readable bytes; its indices stay as they are. */
  default @Nullable Object[] decodeArguments(Type[] types, ByteBuf in) throws IOException {
    return decodeArguments(types, new ByteBufInputStream(in.duplicate()));
  }

  /** {@link #encode(Type, Object, OutputStream)} appended to {@code out}, which the caller owns. */
  default void encode(Type type, Object value, ByteBuf out) throws IOException {
    encode(type, value, new ByteBufOutputStream(out));
  }

  /** {@link #decode(Type, InputStream)} from {@code in}'s readable bytes; its indices stay as they are. */
  default @Nullable Object decode(Type type, ByteBuf in) throws IOException {
    return decode(type, new ByteBufInputStream(in.duplicate()));
  }
}
