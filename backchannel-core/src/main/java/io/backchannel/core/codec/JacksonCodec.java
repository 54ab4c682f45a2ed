package io.backchannel.core.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A codec over a Jackson {@link ObjectMapper}. Default typing stays off, so the wire can never
 * name a class to instantiate; unknown properties are ignored so that peers can add fields.
 */
final class JacksonCodec implements Codec {
  private final String mimeType;
  private final ObjectMapper mapper;
  private final ConcurrentHashMap<Type, ObjectReader> readers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Type, ObjectWriter> writers = new ConcurrentHashMap<>();

  JacksonCodec(String mimeType, ObjectMapper mapper) {
    this.mimeType = mimeType;
    this.mapper =
        mapper
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .registerModule(new ParameterNamesModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
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
    }
    return args;
  }

  @Override
  public void encode(Type type, Object value, OutputStream out) throws IOException {
    writer(type).writeValue(out, value);
  }

  @Override
  public @Nullable Object decode(Type type, InputStream in) throws IOException {
    return reader(type).readValue(in);
  }

  private ObjectWriter writer(Type type) {
    return writers.computeIfAbsent(type, t -> mapper.writerFor(javaType(t)));
  }

  private ObjectReader reader(Type type) {
    return readers.computeIfAbsent(type, t -> mapper.readerFor(javaType(t)));
  }

  private JavaType javaType(Type type) {
    return mapper.getTypeFactory().constructType(type);
  }

  private static void expect(@Nullable JsonToken actual, JsonToken expected, String what) throws IOException {
    if (actual != expected) {
      throw new IOException("expected " + what + ", found " + actual);
    }
  }
}
