package io.backchannel.core.codec;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Types whose wire form depends on a mapper default: property order, enum names, dates, numbers,
 * bean naming, absent values. {@link CodecWireFormatTest} pins their bytes.
 */
final class WireTypes {
  private WireTypes() {}

  /** Components deliberately out of alphabetical order. */
  public record Shape(int zeta, String alpha, @Nullable String missing, List<Integer> middle) {}

  /** toString differs from the name: the name is what travels. */
  public enum Color {
    RED,
    GREEN;

    @Override
    public String toString() {
      return name().toLowerCase() + "-ish";
    }
  }

  public record Times(Instant instant, Duration duration, LocalDate date, LocalDateTime local, OffsetDateTime offset,
      Date legacy, Month month) {}

  public record Numbers(long big, long small, double d, float f, BigInteger negative, BigInteger huge,
      BigDecimal decimal, short s, byte b, char c, double nan) {}

  public record Optionals(Optional<String> present, Optional<String> absent, OptionalInt number) {}

  public record Binary(byte[] bytes, ByteBuffer buffer, char[] chars) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Binary other && Arrays.equals(bytes, other.bytes) && buffer.equals(other.buffer)
          && Arrays.equals(chars, other.chars);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }

  public record Page<T>(List<T> items, int total) {}

  /** A bean: naming of upper-case prefixes, a getter-only list, a final field. */
  public static final class Bean {
    public final int version;
    private final List<String> items = new ArrayList<>();
    private String name = "";
    private int xCoordinate;
    private @Nullable String url;

    public Bean() {
      this(1);
    }

    Bean(int version) {
      this.version = version;
    }

    public List<String> getItems() {
      return items;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public int getXCoordinate() {
      return xCoordinate;
    }

    public void setXCoordinate(int xCoordinate) {
      this.xCoordinate = xCoordinate;
    }

    public @Nullable String getURL() {
      return url;
    }

    public void setURL(@Nullable String url) {
      this.url = url;
    }
  }

  /** No properties at all. */
  public static final class Empty {}

  /** Declared types, read off these signatures. */
  interface Signatures {
    Page<Shape> page();

    Map<String, @Nullable Integer> map();

    Map<Integer, String> intKeys();

    LinkedHashSet<String> set();

    List<@Nullable String> strings();

    int[] ints();

    Map<String, Object> untyped();

    Object anything();

    List<Object> nested();

    UUID uuid();

    URI uri();
  }

  static Type type(String signature) {
    try {
      return Signatures.class.getMethod(signature).getGenericReturnType();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(signature, e);
    }
  }
}
