package io.backchannel.core.codec;

import io.backchannel.core.codec.WireTypes.Bean;
import io.backchannel.core.codec.WireTypes.Binary;
import io.backchannel.core.codec.WireTypes.Color;
import io.backchannel.core.codec.WireTypes.Empty;
import io.backchannel.core.codec.WireTypes.Numbers;
import io.backchannel.core.codec.WireTypes.Optionals;
import io.backchannel.core.codec.WireTypes.Page;
import io.backchannel.core.codec.WireTypes.Shape;
import io.backchannel.core.codec.WireTypes.Times;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Values with the exact bytes each built-in codec puts on the wire for them, as recorded from the
 * Jackson 2 codecs (2.22): a codec change that alters one of them changes the protocol.
 */
final class WireSamples {
  private WireSamples() {}

  /** One value of a declared type, with its CBOR bytes (hex) and its JSON text. */
  record Sample(String name, Type type, Object value, String cborHex, String json) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Sample> values() {
    return Stream.of(
        new Sample("record in component order", Shape.class, new Shape(3, "a", null, List.of(1, 2)),
            "bf647a6574610365616c7068616161676d697373696e67f6666d6964646c65820102ff", "{\"zeta\":3,\"alpha\":\"a\",\"missing\":null,\"middle\":[1,2]}"),
        new Sample("enum by name, not toString", Color.class, Color.GREEN, "65475245454e", "\"GREEN\""),
        new Sample("java.time and Date", Times.class, times(), "bf67696e7374616e74781e323032362d31312d32315431303a30303a30302e3132333435363738395a686475726174696f6ec482281b00000014f46b05f464646174656a323032362d30322d3033656c6f63616c73323032362d30322d30335430343a30353a3036666f666673657474323032362d30322d30335430343a30353a30365a666c6567616379781d313937302d30312d30315430303a30303a30312e3030302b30303a3030656d6f6e7468654d41524348ff", "{\"instant\":\"2026-11-21T10:00:00.123456789Z\",\"duration\":90.000000500,\"date\":\"2026-02-03\",\"local\":\"2026-02-03T04:05:06\",\"offset\":\"2026-02-03T04:05:06Z\",\"legacy\":\"1970-01-01T00:00:01.000+00:00\",\"month\":\"MARCH\"}"),
        new Sample("numbers", Numbers.class, numbers(), "bf636269671b7fffffffffffffff65736d616c6c226164fb3fb999999999999a6166fa3fc00000686e65676174697665c3494000000000000000006468756765c24b010000000000000000000067646563696d616cc482211904e2617339012b616207616362c3a9636e616efb7ff8000000000000ff", "{\"big\":9223372036854775807,\"small\":-3,\"d\":0.1,\"f\":1.5,\"negative\":-1180591620717411303424,\"huge\":1208925819614629174706176,\"decimal\":12.50,\"s\":-300,\"b\":7,\"c\":\"\u00E9\",\"nan\":\"NaN\"}"),
        new Sample("optionals", Optionals.class, new Optionals(Optional.of("x"), Optional.empty(), OptionalInt.of(7)),
            "bf6770726573656e74617866616273656e74f6666e756d62657207ff", "{\"present\":\"x\",\"absent\":null,\"number\":7}"),
        new Sample("binary and chars", Binary.class,
            new Binary(new byte[] {0, 1, (byte) 0xff}, ByteBuffer.wrap(new byte[] {9, 8}), new char[] {'h', 'i'}),
            "bf656279746573430001ff66627566666572420908656368617273626869ff", "{\"bytes\":\"AAH/\",\"buffer\":\"CQg=\",\"chars\":\"hi\"}"),
        new Sample("bean", Bean.class, bean(), "bf6776657273696f6e02656974656d73816169646e616d65616e6375726c61756b78636f6f7264696e61746505ff", "{\"version\":2,\"items\":[\"i\"],\"name\":\"n\",\"url\":\"u\",\"xcoordinate\":5}"),
        new Sample("empty bean", Empty.class, new Empty(), "a0", "{}"),
        new Sample("generic record", WireTypes.type("page"), new Page<>(List.of(new Shape(1, "b", "m", List.of())), 1),
            "bf656974656d7381bf647a6574610165616c7068616162676d697373696e67616d666d6964646c6580ff65746f74616c01ff", "{\"items\":[{\"zeta\":1,\"alpha\":\"b\",\"missing\":\"m\",\"middle\":[]}],\"total\":1}"),
        new Sample("map order and null values", WireTypes.type("map"), linkedMap("b", 2, "a", null), "bf6162026161f6ff", "{\"b\":2,\"a\":null}"),
        new Sample("integer keys", WireTypes.type("intKeys"), linkedMap(2, "two", 1, "one"), "bf026374776f01636f6e65ff", "{\"2\":\"two\",\"1\":\"one\"}"),
        new Sample("set order", WireTypes.type("set"), new LinkedHashSet<>(List.of("z", "a")), "82617a6161", "[\"z\",\"a\"]"),
        new Sample("nulls in a list", WireTypes.type("strings"), Arrays.asList("a", null), "826161f6", "[\"a\",null]"),
        new Sample("int array", WireTypes.type("ints"), new int[] {1, -1, 70000}, "8301201a00011170", "[1,-1,70000]"),
        new Sample("untyped map", WireTypes.type("untyped"),
            linkedMap("n", 1, "l", 5_000_000_000L, "d", 1.5, "s", "t", "list", List.of(true, false)), "bf616e01616c1b000000012a05f2006164fb3ff800000000000061736174646c69737482f5f4ff", "{\"n\":1,\"l\":5000000000,\"d\":1.5,\"s\":\"t\",\"list\":[true,false]}"),
        new Sample("strings", String.class, "a/b é \u0000 \uD83D\uDE00 \"q\"", "71612f6220c3a9200020f09f988020227122", "\"a/b \u00E9 \\u0000 \\uD83D\\uDE00 \\\"q\\\"\""),
        new Sample("byte array", byte[].class, new byte[] {1, 2, 3}, "43010203", "\"AQID\""),
        new Sample("empty byte array", byte[].class, new byte[0], "40", "\"\""),
        new Sample("byte buffer", ByteBuffer.class, ByteBuffer.wrap(new byte[] {4, 5}), "420405", "\"BAU=\""),
        new Sample("uuid", WireTypes.type("uuid"), UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), "50123e4567e89b12d3a456426614174000", "\"123e4567-e89b-12d3-a456-426614174000\""),
        new Sample("uri", WireTypes.type("uri"), URI.create("https://example.org/a?b=c"), "781968747470733a2f2f6578616d706c652e6f72672f613f623d63", "\"https://example.org/a?b=c\""),
        new Sample("boolean", Boolean.class, true, "f5", "true"),
        new Sample("long", Long.class, Long.MIN_VALUE, "3b7fffffffffffffff", "-9223372036854775808"));
  }

  /** Call argument arrays: types, arguments, CBOR hex, JSON. */
  record Arguments(String name, Type[] types, @Nullable Object[] args, String cborHex, String json) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> arguments() {
    return Stream.of(
        new Arguments("no parameters", new Type[0], new Object[0], "", ""),
        new Arguments("one byte array", new Type[] {byte[].class}, new Object[] {new byte[] {7, 7}}, "81420707", "[\"Bwc=\"]"),
        new Arguments("mixed", new Type[] {String.class, int.class, byte[].class, Shape.class},
            new Object[] {"s", 42, new byte[] {1}, new Shape(0, "", null, List.of())}, "846173182a4101bf647a6574610065616c70686160676d697373696e67f6666d6964646c6580ff", "[\"s\",42,\"AQ==\",{\"zeta\":0,\"alpha\":\"\",\"missing\":null,\"middle\":[]}]"),
        new Arguments("null argument", new Type[] {String.class, Integer.class}, new Object[] {null, null}, "82f6f6", "[null,null]"));
  }

  private static Times times() {
    Instant instant = Instant.parse("2026-11-21T10:00:00.123456789Z");
    return new Times(instant, Duration.ofSeconds(90, 500), LocalDate.of(2026, 2, 3), LocalDateTime.of(2026, 2, 3, 4, 5, 6),
        OffsetDateTime.of(2026, 2, 3, 4, 5, 6, 0, ZoneOffset.UTC), Date.from(Instant.ofEpochMilli(1_000)), Month.MARCH);
  }

  private static Numbers numbers() {
    return new Numbers(Long.MAX_VALUE, -3, 0.1, 1.5f, BigInteger.TWO.pow(70).negate(), BigInteger.TWO.pow(80),
        new BigDecimal("12.50"), (short) -300, (byte) 7, 'é', Double.NaN);
  }

  private static Bean bean() {
    Bean bean = new Bean(2);
    bean.setName("n");
    bean.setXCoordinate(5);
    bean.setURL("u");
    bean.getItems().add("i");
    return bean;
  }

  @SuppressWarnings("unchecked")
  private static <K, V> Map<K, V> linkedMap(Object... entries) {
    Map<K, V> map = new LinkedHashMap<>();
    for (int i = 0; i < entries.length; i += 2) {
      map.put((K) entries[i], (V) entries[i + 1]);
    }
    return map;
  }
}
