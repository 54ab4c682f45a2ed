package io.backchannel.core.codec;

import io.netty.buffer.ByteBuf;
import java.lang.reflect.Type;
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
 * Jackson's; anything but a plain definite-length byte string is left to Jackson. A value, or an
 * argument array, made only of byte strings is read and written here whole, without a Jackson
 * parser or generator: building one costs more than copying a small array.
 */
final class CborBinary {
  private static final int MAJOR_TYPE_BYTES = 2 << 5;
  private static final int MAJOR_TYPE_ARRAY = 4 << 5;
  private static final int NULL = 0xf6;

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

  /**
   * Writes {@code args} as Jackson would if there are 1 to 23 and every one is a {@link #isBinary}
   * value or null (CBOR null); false, with nothing written, otherwise.
   */
  static boolean writeAll(@Nullable Object[] args, ByteBuf out) {
    if (args.length == 0 || args.length >= 24) {
      return false;
    }
    for (Object arg : args) {
      if (arg != null && !isBinary(arg)) {
        return false;
      }
    }
    writeArrayHeader(out, args.length);
    for (Object arg : args) {
      if (arg == null) {
        out.writeByte(NULL);
      } else {
        write(arg, out);
      }
    }
    return true;
  }

  /**
   * The arguments of a method whose parameters are all {@code byte[]} or {@code ByteBuffer}, when
   * {@code in} holds exactly an array of that many byte strings (or nulls); null for anything else,
   * which Jackson then reads or rejects as before.
   */
  static @Nullable Object @Nullable [] readAll(Type[] types, ByteBuf in) {
    for (Type type : types) {
      if (!isBinaryType(type)) {
        return null;
      }
    }
    int index = in.readerIndex();
    int end = in.writerIndex();
    if (types.length == 0 || types.length >= 24 || index >= end
        || in.getUnsignedByte(index) != (MAJOR_TYPE_ARRAY | types.length)) {
      return null;
    }
    index++;
    @Nullable Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      if (index >= end) {
        return null;
      }
      if (in.getUnsignedByte(index) == NULL) {
        index++;
        continue;
      }
      byte[] bytes = read(in, index, end);
      if (bytes == null) {
        return null;
      }
      index += headerLength(in.getUnsignedByte(index)) + bytes.length;
      args[i] = types[i] == ByteBuffer.class ? ByteBuffer.wrap(bytes) : bytes;
    }
    return index == end ? args : null;
  }

  /**
   * A {@code byte[]} or {@code ByteBuffer} value when {@code in} holds exactly one byte string;
   * null for other types and anything else.
   */
  static @Nullable Object readWhole(Type type, ByteBuf in) {
    if (!isBinaryType(type)) {
      return null;
    }
    int index = in.readerIndex();
    int end = in.writerIndex();
    byte[] bytes = read(in, index, end);
    if (bytes == null || headerLength(in.getUnsignedByte(index)) + bytes.length != end - index) {
      return null;
    }
    return type == ByteBuffer.class ? ByteBuffer.wrap(bytes) : bytes;
  }

  private static boolean isBinaryType(Type type) {
    return type == byte[].class || type == ByteBuffer.class;
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
    int header = headerLength(initial);
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

  /** The length of the header an initial byte starts: 1, 2, 3, 5 or 9 bytes, 0 for an indefinite or reserved length. */
  private static int headerLength(int initial) {
    int info = initial & 0x1f;
    return info < 24 ? 1 : info == 24 ? 2 : info == 25 ? 3 : info == 26 ? 5 : info == 27 ? 9 : 0;
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
