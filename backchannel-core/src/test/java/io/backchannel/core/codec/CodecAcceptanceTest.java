package io.backchannel.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backchannel.core.codec.WireTypes.Bean;
import io.backchannel.core.codec.WireTypes.Color;
import io.backchannel.core.codec.WireTypes.Shape;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * What the built-in codecs accept from a peer, as the Jackson 2 codecs did: leniency a peer may
 * rely on stays, and so do the limits.
 */
class CodecAcceptanceTest {

  @Test
  void nullForAPrimitiveIsItsDefault() throws IOException {
    assertThat(json(Shape.class, "{\"zeta\":null,\"alpha\":\"a\",\"middle\":[]}")).isEqualTo(new Shape(0, "a", null, List.of()));
    assertThat(Codecs.json().decodeArguments(new Type[] {int.class}, in("[null]"))).containsExactly(0);
  }

  @Test
  void unknownPropertiesAreIgnored() throws IOException {
    assertThat(json(Shape.class, "{\"extra\":{\"deep\":[1]},\"zeta\":1,\"alpha\":\"a\",\"middle\":[]}"))
        .isEqualTo(new Shape(1, "a", null, List.of()));
  }

  @Test
  void contentAfterTheValueIsIgnored() throws IOException {
    assertThat(json(Integer.class, "1 2")).isEqualTo(1);
    assertThat(cbor(Integer.class, "0102")).isEqualTo(1);
    assertThat(Codecs.json().decodeArguments(new Type[] {int.class}, in("[1] [2]"))).containsExactly(1);
  }

  @Test
  void enumsAreReadByNameOrIndexNeverByToString() throws IOException {
    assertThat(json(Color.class, "\"RED\"")).isEqualTo(Color.RED);
    assertThat(json(Color.class, "1")).isEqualTo(Color.GREEN);
    assertThatThrownBy(() -> json(Color.class, "\"red-ish\"")).isInstanceOf(IOException.class);
  }

  @Test
  void timesAreAlsoReadFromNumbers() throws IOException {
    assertThat(json(Duration.class, "1.5")).isEqualTo(Duration.ofMillis(1500));
    assertThat(json(Instant.class, "1.5")).isEqualTo(Instant.ofEpochMilli(1500));
    assertThat(json(Date.class, "1000")).isEqualTo(new Date(1000));
    assertThat(json(Duration.class, "\"PT2S\"")).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void beanPropertiesKeepTheirLegacyNamesAndMutators() throws IOException {
    Bean bean = json(Bean.class, "{\"version\":9,\"items\":[\"a\",\"b\"],\"xcoordinate\":4,\"url\":\"u\"}");
    assertThat(bean.version).isEqualTo(9);
    assertThat(bean.getItems()).containsExactly("a", "b");
    assertThat(bean.getXCoordinate()).isEqualTo(4);
    assertThat(bean.getURL()).isEqualTo("u");
  }

  @Test
  void cborUndefinedAndSimpleValuesReadAsNullAndNumbers() throws IOException {
    assertThat(cbor(String.class, "f7")).isNull();
    assertThat(cbor(Integer.class, "f0")).isEqualTo(16);
  }

  @Test
  void negativeBignumsKeepTheirEncoding() throws IOException {
    // Tag 3 carrying n reads as -n (not RFC 8949's -1 - n), as written: see WireSamples "numbers".
    assertThat(cbor(BigInteger.class, "c3420100")).isEqualTo(BigInteger.valueOf(-256));
  }

  @Test
  void nestingUpToAThousandLevelsIsAccepted() throws IOException {
    assertThat(json(Object.class, "[".repeat(999) + "]".repeat(999))).isInstanceOf(List.class);
    assertThatThrownBy(() -> json(Object.class, "[".repeat(1001) + "]".repeat(1001))).isInstanceOf(IOException.class);
    assertThat(cbor(Object.class, "81".repeat(999) + "80")).isInstanceOf(List.class);
  }

  @Test
  void aStringUpToTwentyMillionCharactersIsAccepted() throws IOException {
    String almost = "\"" + "a".repeat(20_000_000) + "\"";
    assertThat(json(String.class, almost)).hasSize(20_000_000);
    assertThatThrownBy(() -> json(String.class, "\"" + "a".repeat(20_000_001) + "\"")).isInstanceOf(IOException.class);
  }

  @SuppressWarnings("unchecked")
  private static <T> @Nullable T json(Class<T> type, String text) throws IOException {
    return (T) Codecs.json().decode(type, in(text));
  }

  @SuppressWarnings("unchecked")
  private static <T> @Nullable T cbor(Class<T> type, String hex) throws IOException {
    return (T) Codecs.cbor().decode(type, new ByteArrayInputStream(HexFormat.of().parseHex(hex)));
  }

  private static ByteArrayInputStream in(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
