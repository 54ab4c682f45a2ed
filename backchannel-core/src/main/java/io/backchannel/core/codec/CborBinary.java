package io.backchannel.core.codec;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.ArrayType;

/**
 * {@code byte[]} and {@code ByteBuffer} values as CBOR byte strings (major type 2), copied once
 * between the caller's array and the connection's buffer. Through Jackson a byte string is
 * copied twice each way: encoding stages it in the generator's buffer, and decoding one over
 * 250,000 bytes collects it in chunks before copying it into its array. The bytes on the wire are
 * Jackson's; anything but a plain definite-length byte string is left to Jackson.
 */
final class CborBinary {
  private static final int MAJOR_TYPE_BYTES = 2 << 5;
  private static final int MAJOR_TYPE_ARRAY = 4 << 5;

  /** Reads {@code byte[]} and {@code ByteBuffer} values straight from a {@link ByteBufSource}. */
  static final JacksonModule MODULE = new SimpleModule("backchannel-cbor-binary").setDeserializerModifier(new Modifier());

  private CborBinary() {}

  /** Whether {@link #write} takes {@code value}. */
  static boolean isBinary(@Nullable Object value) {
    return value instanceof byte[] || value instanceof ByteBuffer;
  }

  /** Writes a {@link #isBinary} value as Jackson does: a byte array whole, a buffer's remaining bytes. */
  static void write(Object value, ByteBuf out) {
    if (value instanceof byte[] bytes) {
      writeHeader(out, MAJOR_TYPE_BYTES, bytes.length);
      out.writeBytes(bytes);
    } else {
      ByteBuffer buffer = ((ByteBuffer) value).duplicate();
      writeHeader(out, MAJOR_TYPE_BYTES, buffer.remaining());
      out.writeBytes(buffer);
    }
  }

  /** The start of a definite-length array, as Jackson's {@code writeStartArray(value, size)}. */
  static void writeArrayHeader(ByteBuf out, int size) {
    writeHeader(out, MAJOR_TYPE_ARRAY, size);
  }

  /** Jackson's length marker: the shortest of 1, 2, 3 or 5 bytes; room for the content too. */
  private static void writeHeader(ByteBuf out, int majorType, int length) {
    out.ensureWritable(5 + (majorType == MAJOR_TYPE_BYTES ? length : 0));
    if (length < 24) {
      out.writeByte(majorType | length);
    } else if (length <= 0xff) {
      out.writeByte(majorType | 24).writeByte(length);
    } else if (length <= 0xffff) {
      out.writeByte(majorType | 25).writeShort(length);
    } else {
      out.writeByte(majorType | 26).writeInt(length);
    }
  }

  /**
   * The definite-length byte string that starts at {@code index} and ends by {@code end}, in an
   * array of its size; null for anything else (tags, chunks, other types, a truncated string),
   * which Jackson then reads or rejects as before.
   */
  static byte @Nullable [] read(ByteBuf buffer, int index, int end) {
    int initial = buffer.getUnsignedByte(index);
    if ((initial & 0xe0) != MAJOR_TYPE_BYTES) {
      return null;
    }
    int info = initial & 0x1f;
    int header = info < 24 ? 1 : info == 24 ? 2 : info == 25 ? 3 : info == 26 ? 5 : info == 27 ? 9 : 0;
    if (header == 0 || header > end - index) {
      return null;
    }
    long length = switch (info) {
      case 24 -> buffer.getUnsignedByte(index + 1);
      case 25 -> buffer.getUnsignedShort(index + 1);
      case 26 -> buffer.getUnsignedInt(index + 1);
      case 27 -> buffer.getLong(index + 1);
      default -> info;
    };
    if (length < 0 || length > end - index - header) {
      return null;
    }
    byte[] bytes = new byte[(int) length];
    buffer.getBytes(index + header, bytes);
    return bytes;
  }

  /** Wraps Jackson's own deserializers of the two types, which still read everything else. */
  private static final class Modifier extends ValueDeserializerModifier {
    private static final long serialVersionUID = 1L;

    @Override
    public ValueDeserializer<?> modifyArrayDeserializer(DeserializationConfig config, ArrayType valueType,
        BeanDescription.Supplier beanDescRef, ValueDeserializer<?> deserializer) {
      return valueType.getContentType().hasRawClass(byte.class) ? new Direct(deserializer, false) : deserializer;
    }

    @Override
    public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier beanDescRef,
        ValueDeserializer<?> deserializer) {
      return beanDescRef.getType().hasRawClass(ByteBuffer.class) ? new Direct(deserializer, true) : deserializer;
    }
  }

  /**
   * Copies the byte string under the parser's current token out of the source buffer. The parser
   * has not read it yet (CBOR parsers read binary lazily) and skips it on its next token.
   */
  private static final class Direct extends DelegatingDeserializer {
    private final boolean wrap;

    Direct(ValueDeserializer<?> delegate, boolean wrap) {
      super(delegate);
      this.wrap = wrap;
    }

    @Override
    protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
      return new Direct(delegate, wrap);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) {
      if (parser.currentToken() == JsonToken.VALUE_EMBEDDED_OBJECT && parser.streamReadInputSource() instanceof ByteBufSource source) {
        byte[] bytes = source.byteStringAt(parser.currentTokenLocation().getByteOffset());
        if (bytes != null) {
          return wrap ? ByteBuffer.wrap(bytes) : bytes;
        }
      }
      return super.deserialize(parser, context);
    }
  }
}
