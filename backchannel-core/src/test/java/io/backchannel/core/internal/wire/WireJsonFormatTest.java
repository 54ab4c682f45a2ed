package io.backchannel.core.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.rsocket.metadata.CompositeMetadata;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JSON of the hello, control, origin and error entries is protocol (docs/protocol.md): exact
 * text as the Jackson 2 mappers wrote it, and the same leniency when reading.
 */
class WireJsonFormatTest {

  @Test
  void helloText() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("zone", "b");
    tags.put("app", "a/b");
    Hello hello = new Hello("node-1", "acme", null, tags, List.of("Greeter"), "0.1.0");
    assertThat(text(hello.toJson()))
        .isEqualTo("{\"nodeId\":\"node-1\",\"tenant\":\"acme\",\"tags\":{\"zone\":\"b\",\"app\":\"a/b\"},"
            + "\"services\":[\"Greeter\"],\"version\":\"0.1.0\"}");
    assertThat(Hello.fromJson(json(text(hello.toJson())))).isEqualTo(hello);
  }

  @Test
  void helloReadingIsLenient() {
    assertThat(Hello.fromJson(json("{\"unknown\":[1],\"nodeId\":\"n\"} trailing")))
        .isEqualTo(new Hello("n", null, null, null, null, null));
    assertThatThrownBy(() -> Hello.fromJson(json("{\"tenant\":\"t\"}"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hello.fromJson(json("{"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void controlText() {
    ByteBuf metadata = Control.load(3, 0.5, null).encode(ByteBufAllocator.DEFAULT);
    try {
      CompositeMetadata.Entry entry = new CompositeMetadata(metadata, false).iterator().next();
      assertThat(entry.getContent().toString(StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"load\",\"inFlight\":3,\"cpu\":0.5}");
      assertThat(Control.decode(metadata)).isEqualTo(Control.load(3, 0.5, null));
    } finally {
      metadata.release();
    }
  }

  @Test
  void originText() {
    Origin origin = new Origin("n", "t", "r", true);
    assertThat(text(origin.toJson())).isEqualTo("{\"nodeId\":\"n\",\"tenant\":\"t\",\"role\":\"r\",\"crossTenant\":true}");
    assertThat(Origin.fromJson(json("{\"nodeId\":\"n\",\"tenant\":\"t\",\"role\":\"r\",\"crossTenant\":null,\"x\":1}")))
        .isEqualTo(new Origin("n", "t", "r", false));
    assertThatThrownBy(() -> Origin.fromJson(json("[")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("malformed origin entry");
  }

  @Test
  void errorText() {
    ErrorPayload error = new ErrorPayload(ErrorStatus.REMOTE, "boom / bang", "00ff", "x.Y", List.of("x.Y", "java.lang.Exception"));
    assertThat(error.toJson()).isEqualTo("{\"status\":\"REMOTE\",\"message\":\"boom / bang\",\"requestId\":\"00ff\","
        + "\"type\":\"x.Y\",\"types\":[\"x.Y\",\"java.lang.Exception\"]}");
    assertThat(ErrorPayload.parse(error.toJson())).isEqualTo(error);
    assertThat(ErrorPayload.parse("{\"status\":\"CODEC\",\"extra\":1}")).isEqualTo(new ErrorPayload(ErrorStatus.CODEC, null, null, null, null));
    assertThat(ErrorPayload.parse("{\"status\":\"NOPE\"}")).isNull();
  }

  private static ByteBuf json(String text) {
    return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(byte[] json) {
    return new String(json, StandardCharsets.UTF_8);
  }
}
