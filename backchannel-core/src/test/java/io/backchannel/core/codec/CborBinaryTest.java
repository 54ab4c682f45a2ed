package io.backchannel.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backchannel.CodecException;
import io.backchannel.core.codec.WireTypes.Shape;
import io.backchannel.core.internal.wire.PayloadCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Byte arrays and buffers that skip Jackson's staging copies ({@link CborBinary}) produce and
 * accept exactly what Jackson does, at every length-header size and around Jackson's 250,000-byte
 * chunking threshold, and everything else still goes through Jackson.
 */
class CborBinaryTest {
  private static final Codec CBOR = Codecs.cbor();
  private static final PayloadCodec PAYLOADS = new PayloadCodec(CBOR, PooledByteBufAllocator.DEFAULT, 16 * 1024 * 1024);

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 23, 24, 255, 256, 1023, 1024, 65_535, 65_536, 250_001, 1_048_576})
  void aByteArrayValueIsJacksonsByteString(int size) throws IOException {
    byte[] data = random(size);
    byte[] jackson = viaStream(byte[].class, data);
    assertThat(encoded(PAYLOADS.encode(byte[].class, data, null))).isEqualTo(jackson);
    assertThat((byte[]) PAYLOADS.decode(byte[].class, Unpooled.wrappedBuffer(jackson), null)).isEqualTo(data);
    assertThat((byte[]) CBOR.decode(byte[].class, new ByteArrayInputStream(jackson))).isEqualTo(data);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 100, 1024, 300_000})
  void argumentsWithByteArraysAreJacksonsArray(int size) throws IOException {
    Type[] types = {String.class, byte[].class, Shape.class, ByteBuffer.class, byte[].class};
    @Nullable Object[] args = {"s", random(size), new Shape(1, "a", null, List.of(2)), ByteBuffer.wrap(random(size)), null};
    ByteArrayOutputStream jackson = new ByteArrayOutputStream();
    CBOR.encodeArguments(types, args, jackson);
    assertThat(encoded(PAYLOADS.encodeArguments(types, args, null))).isEqualTo(jackson.toByteArray());

    @Nullable Object[] decoded = PAYLOADS.decodeArguments(types, Unpooled.wrappedBuffer(jackson.toByteArray()), null);
    assertThat(decoded[0]).isEqualTo("s");
    assertThat((byte[]) decoded[1]).isEqualTo(args[1]);
    assertThat(decoded[2]).isEqualTo(args[2]);
    assertThat(decoded[3]).isEqualTo(args[3]);
    assertThat(decoded[4]).isNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 23, 24, 255, 256, 65_536, 300_000})
  void argumentsThatAreAllBinaryAreJacksonsArrayWithoutJackson(int size) throws IOException {
    Type[] types = {byte[].class, ByteBuffer.class, byte[].class};
    @Nullable Object[] args = {random(size), ByteBuffer.wrap(random(size + 1)), null};
    ByteArrayOutputStream jackson = new ByteArrayOutputStream();
    CBOR.encodeArguments(types, args, jackson);
    assertThat(encoded(PAYLOADS.encodeArguments(types, args, null))).isEqualTo(jackson.toByteArray());

    @Nullable Object[] decoded = PAYLOADS.decodeArguments(types, Unpooled.wrappedBuffer(jackson.toByteArray()), null);
    assertThat((byte[]) decoded[0]).isEqualTo(args[0]);
    assertThat(decoded[1]).isEqualTo(args[1]);
    assertThat(decoded[2]).isNull();
  }

  @Test
  void binaryArgumentsInAnyOtherShapeAreLeftToJackson() {
    Type[] one = {byte[].class};
    // An array of numbers as the byte array; then a trailing byte string, one argument too many,
    // and one too few: the direct path declines, and Jackson decides as it always has.
    assertThat((byte[]) PAYLOADS.decodeArguments(one, hex("81820102"), null)[0]).containsExactly(1, 2);
    assertThat((byte[]) PAYLOADS.decodeArguments(one, hex("81420102ff"), null)[0]).containsExactly(1, 2);
    assertThatThrownBy(() -> PAYLOADS.decodeArguments(one, hex("8242010241ff"), null)).isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> PAYLOADS.decodeArguments(new Type[] {byte[].class, byte[].class}, hex("81420102"), null))
        .isInstanceOf(CodecException.class);
  }

  @Test
  void aLargeByteArrayIsAllocatedOnceWhenDecoded() {
    byte[] data = random(4 * 1024 * 1024);
    // Off-heap like a connection's frames, but unpooled: the leak detector records every read of
    // a pooled buffer, which would dwarf what is measured.
    ByteBuf value = direct(encoded(PAYLOADS.encode(byte[].class, data, null)));
    ByteBuf args = direct(encoded(PAYLOADS.encodeArguments(new Type[] {byte[].class}, new Object[] {data}, null)));
    for (int round = 0; round < 3; round++) { // the first rounds load and link classes
      long before = allocated();
      PAYLOADS.decode(byte[].class, value, null);
      long single = allocated() - before;
      before = allocated();
      PAYLOADS.decodeArguments(new Type[] {byte[].class}, args, null);
      long inArray = allocated() - before;
      if (round == 2) {
        // Through Jackson's chunked path each would allocate twice the array.
        assertThat(single).isLessThan(data.length + 64 * 1024);
        assertThat(inArray).isLessThan(data.length + 64 * 1024);
      }
    }
  }

  @Test
  void aBufferIsWrittenFromItsPositionAndLeftUntouched() throws IOException {
    ByteBuffer heap = ByteBuffer.wrap(random(2000));
    heap.position(100).limit(1900);
    ByteBuffer direct = ByteBuffer.allocateDirect(2000).put(random(2000)).position(7);
    for (ByteBuffer buffer : List.of(heap, direct)) {
      int position = buffer.position();
      byte[] jackson = viaStream(ByteBuffer.class, buffer);
      assertThat(encoded(PAYLOADS.encode(ByteBuffer.class, buffer, null))).isEqualTo(jackson);
      assertThat(buffer.position()).isEqualTo(position);
      assertThat(PAYLOADS.decode(ByteBuffer.class, Unpooled.wrappedBuffer(jackson), null)).isEqualTo(buffer);
    }
  }

  @Test
  void readsFromWhereTheBufferStartsAndAcrossComponents() {
    byte[] data = random(300_000);
    byte[] wire = encoded(PAYLOADS.encode(byte[].class, data, null));
    ByteBuf framed = Unpooled.buffer().writeBytes(new byte[] {9, 9, 9}).writeBytes(wire);
    framed.readerIndex(3);
    assertThat((byte[]) PAYLOADS.decode(byte[].class, framed, null)).isEqualTo(data);
    assertThat(framed.readerIndex()).isEqualTo(3);

    CompositeByteBuf composite = Unpooled.compositeBuffer()
        .addComponent(true, Unpooled.wrappedBuffer(wire, 0, 1000))
        .addComponent(true, Unpooled.wrappedBuffer(wire, 1000, wire.length - 1000));
    assertThat((byte[]) PAYLOADS.decode(byte[].class, composite, null)).isEqualTo(data);
    composite.release();
  }

  @Test
  void otherFormsOfBinaryAreLeftToJackson() {
    // Chunked: "ab" + "c"; tagged (22, expected base64); an array of numbers.
    assertThat((byte[]) PAYLOADS.decode(byte[].class, hex("5f4261624163ff"), null)).containsExactly('a', 'b', 'c');
    assertThat((byte[]) PAYLOADS.decode(byte[].class, hex("d6420102"), null)).containsExactly(1, 2);
    assertThat((byte[]) PAYLOADS.decode(byte[].class, hex("820102"), null)).containsExactly(1, 2);
    assertThat(PAYLOADS.decode(byte[].class, hex("f6"), null)).isNull();
  }

  @Test
  void aTruncatedByteStringFailsAsBefore() {
    // Declares 16 bytes, carries 2: neither the direct path nor Jackson reads past the payload.
    assertThatThrownBy(() -> PAYLOADS.decode(byte[].class, hex("500102"), null)).isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> PAYLOADS.decodeArguments(new Type[] {byte[].class}, hex("815a7fffffff01"), null))
        .isInstanceOf(CodecException.class);
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  private static byte[] viaStream(Type type, Object value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CBOR.encode(type, value, out);
    return out.toByteArray();
  }

  private static byte[] encoded(ByteBuf buffer) {
    try {
      return ByteBufUtil.getBytes(buffer);
    } finally {
      buffer.release();
    }
  }

  private static ByteBuf direct(byte[] bytes) {
    return Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(bytes.length).put(bytes).flip());
  }

  private static ByteBuf hex(String hex) {
    return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }
}
