package io.backchannel.core.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;

/**
 * A CBOR argument array with its byte arrays and buffers written straight into the connection's
 * buffer ({@link CborBinary}) and every other element through Jackson: the same bytes as {@link
 * JacksonCodec#encodeArguments(Type[], Object[], java.io.OutputStream)}, since a CBOR array is its
 * header followed by its elements, each encoded as it would be alone.
 */
final class CborArguments {
  private CborArguments() {}

  static void write(Type[] types, @Nullable Object[] args, ByteBuf out, JacksonCodec codec) throws IOException {
    CborBinary.writeArrayHeader(out, args.length);
    try (JsonGenerator generator = codec.mapper().createGenerator((OutputStream) new ByteBufOutputStream(out))) {
      for (int i = 0; i < types.length; i++) {
        Object arg = args[i];
        if (arg != null && CborBinary.isBinary(arg)) {
          generator.flush(); // what Jackson holds goes first
          CborBinary.write(arg, out);
        } else {
          codec.writer(types[i]).writeValue(generator, arg);
        }
      }
    } catch (JacksonException e) {
      throw JacksonCodec.failure(e);
    }
  }
}
