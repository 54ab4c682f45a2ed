package io.backchannel.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.backchannel.core.codec.WireSamples.Arguments;
import io.backchannel.core.codec.WireSamples.Sample;
import io.backchannel.core.internal.wire.PayloadCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bytes of the built-in codecs are the protocol (docs/protocol.md, "Data"): every sample
 * encodes to its recorded bytes, through the codec's streams and through the pooled buffers a
 * connection uses, and decodes back to a value that encodes the same.
 */
class CodecWireFormatTest {
  private static final int MAX_PAYLOAD = 8 * 1024 * 1024;

  static Stream<Sample> samples() {
    return WireSamples.values();
  }

  static Stream<Arguments> argumentSamples() {
    return WireSamples.arguments();
  }

  @ParameterizedTest(name = "cbor: {0}")
  @MethodSource("samples")
  void cborValue(Sample sample) throws IOException {
    checkValue(Codecs.cbor(), sample, HexFormat.of().parseHex(sample.cborHex()));
  }

  @ParameterizedTest(name = "json: {0}")
  @MethodSource("samples")
  void jsonValue(Sample sample) throws IOException {
    checkValue(Codecs.json(), sample, sample.json().getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "cbor: {0}")
  @MethodSource("argumentSamples")
  void cborArguments(Arguments sample) throws IOException {
    checkArguments(Codecs.cbor(), sample, HexFormat.of().parseHex(sample.cborHex()));
  }

  @ParameterizedTest(name = "json: {0}")
  @MethodSource("argumentSamples")
  void jsonArguments(Arguments sample) throws IOException {
    checkArguments(Codecs.json(), sample, sample.json().getBytes(StandardCharsets.UTF_8));
  }

  private static void checkValue(Codec codec, Sample sample, byte[] wire) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    codec.encode(sample.type(), sample.value(), out);
    assertWire(codec, out.toByteArray(), wire);

    PayloadCodec payloads = new PayloadCodec(codec, PooledByteBufAllocator.DEFAULT, MAX_PAYLOAD);
    ByteBuf encoded = payloads.encode(sample.type(), sample.value(), null);
    try {
      assertWire(codec, ByteBufUtil.getBytes(encoded), wire);
    } finally {
      encoded.release();
    }

    Object viaStream = codec.decode(sample.type(), new ByteArrayInputStream(wire));
    assertThat(encode(codec, sample.type(), viaStream)).as("re-encoded after decoding").isEqualTo(wire);
    Object viaBuffer = payloads.decode(sample.type(), Unpooled.wrappedBuffer(wire), null);
    assertThat(encode(codec, sample.type(), viaBuffer)).as("re-encoded after decoding a buffer").isEqualTo(wire);
  }

  private static void checkArguments(Codec codec, Arguments sample, byte[] wire) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    codec.encodeArguments(sample.types(), sample.args(), out);
    assertWire(codec, out.toByteArray(), wire);

    PayloadCodec payloads = new PayloadCodec(codec, PooledByteBufAllocator.DEFAULT, MAX_PAYLOAD);
    ByteBuf encoded = payloads.encodeArguments(sample.types(), sample.args(), null);
    try {
      assertWire(codec, ByteBufUtil.getBytes(encoded), wire);
    } finally {
      encoded.release();
    }

    @Nullable Object[] decoded = payloads.decodeArguments(sample.types(), Unpooled.wrappedBuffer(wire), null);
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    codec.encodeArguments(sample.types(), decoded, again);
    assertThat(again.toByteArray()).as("re-encoded after decoding").isEqualTo(wire);
  }

  private static void assertWire(Codec codec, byte[] actual, byte[] expected) {
    if (codec == Codecs.json()) {
      assertThat(new String(actual, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
    } else {
      assertThat(HexFormat.of().formatHex(actual)).isEqualTo(HexFormat.of().formatHex(expected));
    }
  }

  private static byte[] encode(Codec codec, Type type, @Nullable Object value) throws IOException {
    assertThat(value).isNotNull();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    codec.encode(type, value, out);
    return out.toByteArray();
  }
}
