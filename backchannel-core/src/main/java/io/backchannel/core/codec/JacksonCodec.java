package io.backchannel.core.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;

/**
 * A codec over a Jackson 3 {@link ObjectMapper} ({@link JacksonMappers} configures the built-in
 * ones). Jackson's unchecked {@link JacksonException} is reported as the {@link IOException} the
 * {@link Codec} contract names. The buffer forms read and write the connection's buffers directly;
 * with {@code cborBinary}, byte arrays and buffers are copied once ({@link CborBinary}).
 */
final class JacksonCodec implements Codec {
  /** Smaller byte strings are cheaper to copy through Jackson's buffer than to flush around. */
  private static final int DIRECT_BINARY_BYTES = 1024;

  private final String mimeType;
  private final ObjectMapper mapper;
  private final boolean cborBinary;
  private final ConcurrentHashMap<Type, ObjectReader> readers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Type, ObjectWriter> writers = new ConcurrentHashMap<>();

  JacksonCodec(String mimeType, ObjectMapper mapper, boolean cborBinary) {
    this.mimeType = mimeType;
    this.mapper = mapper;
    this.cborBinary = cborBinary;
  }

  @Override
  public String mimeType() {
    return mimeType;
  }

  @Override
  public void encodeArguments(Type[] types, @Nullable Object[] args, OutputStream out) throws IOException {
    if (types.length == 0) {
      return;
    }
    try (JsonGenerator generator = mapper.createGenerator(out)) {
      generator.writeStartArray(args, args.length);
      for (int i = 0; i < types.length; i++) {
        writer(types[i]).writeValue(generator, args[i]);
      }
      generator.writeEndArray();
    } catch (JacksonException e) {
      throw failure(e);
    }
  }

  @Override
  public void encodeArguments(Type[] types, @Nullable Object[] args, ByteBuf out) throws IOException {
    if (cborBinary && CborBinary.writeAll(args, out)) {
      return;
    }
    if (cborBinary && hasLargeBinary(args)) {
      CborArguments.write(types, args, out, this);
    } else {
      encodeArguments(types, args, new ByteBufOutputStream(out));
    }
  }

  @Override
  public @Nullable Object[] decodeArguments(Type[] types, InputStream in) throws IOException {
    @Nullable Object[] args = new Object[types.length];
    if (types.length == 0) {
      return args;
    }
    try (JsonParser parser = mapper.createParser(in)) {
      expect(parser.nextToken(), JsonToken.START_ARRAY, "an argument array");
      for (int i = 0; i < types.length; i++) {
        if (parser.nextToken() == JsonToken.END_ARRAY) {
          throw new IOException("expected " + types.length + " arguments, got " + i);
        }
        args[i] = reader(types[i]).readValue(parser);
      }
      expect(parser.nextToken(), JsonToken.END_ARRAY, "the end of the argument array after " + types.length + " arguments");
    } catch (JacksonException e) {
      throw failure(e);
    }
    return args;
  }

  @Override
  public @Nullable Object[] decodeArguments(Type[] types, ByteBuf in) throws IOException {
    @Nullable Object[] binary = cborBinary ? CborBinary.readAll(types, in) : null;
    return binary != null ? binary : decodeArguments(types, new ByteBufSource(in));
  }

  @Override
  public void encode(Type type, Object value, OutputStream out) throws IOException {
    try {
      writer(type).writeValue(out, value);
    } catch (JacksonException e) {
      throw failure(e);
    }
  }

  @Override
  public void encode(Type type, Object value, ByteBuf out) throws IOException {
    if (cborBinary && CborBinary.isBinary(value)) {
      CborBinary.write(value, out);
    } else {
      encode(type, value, new ByteBufOutputStream(out));
    }
  }

  @Override
  public @Nullable Object decode(Type type, InputStream in) throws IOException {
    try {
      return reader(type).readValue(in);
    } catch (JacksonException e) {
      throw failure(e);
    }
  }

  @Override
  public @Nullable Object decode(Type type, ByteBuf in) throws IOException {
    Object binary = cborBinary ? CborBinary.readWhole(type, in) : null;
    return binary != null ? binary : decode(type, new ByteBufSource(in));
  }

  ObjectMapper mapper() {
    return mapper;
  }

  ObjectWriter writer(Type type) {
    return writers.computeIfAbsent(type, t -> mapper.writerFor(mapper.getTypeFactory().constructType(t)));
  }

  private ObjectReader reader(Type type) {
    return readers.computeIfAbsent(type, t -> mapper.readerFor(mapper.getTypeFactory().constructType(t)));
  }

  private static boolean hasLargeBinary(@Nullable Object[] args) {
    for (Object arg : args) {
      if (arg instanceof byte[] bytes ? bytes.length >= DIRECT_BINARY_BYTES
          : arg instanceof java.nio.ByteBuffer buffer && buffer.remaining() >= DIRECT_BINARY_BYTES) {
        return true;
      }
    }
    return false;
  }

  static IOException failure(JacksonException e) {
    return new IOException(e.getMessage(), e);
  }

  private static void expect(@Nullable JsonToken actual, JsonToken expected, String what) throws IOException {
    if (actual != expected) {
      throw new IOException("expected " + what + ", found " + actual);
    }
  }
}
