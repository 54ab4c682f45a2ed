package io.backchannel.core.internal.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.rsocket.metadata.CompositeMetadata;
import io.rsocket.metadata.CompositeMetadataCodec;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * A session control message, sent as METADATA_PUSH: {@code update} (new tags and services),
 * {@code leaving} (graceful logout: route nothing new to me), {@code load} (periodic load report)
 * or {@code move} (from a listener that is leaving to the nodes that dialed it: go to another
 * listener; only a dialer acts on it).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Control(
    String type,
    @Nullable Map<String, String> tags,
    @Nullable List<String> services,
    @Nullable Integer inFlight,
    @Nullable Double cpu,
    @Nullable Double gauge) {
  public static final String UPDATE = "update";
  public static final String LEAVING = "leaving";
  public static final String LOAD = "load";
  public static final String MOVE = "move";
  private static final ObjectMapper JSON = WireJson.MAPPER;

  public static Control update(Map<String, String> tags, List<String> services) {
    return new Control(UPDATE, tags, services, null, null, null);
  }

  public static Control leaving() {
    return new Control(LEAVING, null, null, null, null, null);
  }

  public static Control move() {
    return new Control(MOVE, null, null, null, null, null);
  }

  public static Control load(int inFlight, double cpu, @Nullable Double gauge) {
    return new Control(LOAD, null, null, inFlight, cpu, gauge);
  }

  /** METADATA_PUSH metadata carrying this message; the caller owns the buffer. */
  public ByteBuf encode(ByteBufAllocator allocator) {
    CompositeByteBuf composite = allocator.compositeBuffer();
    try {
      CompositeMetadataCodec.encodeAndAddMetadata(composite, allocator, MimeTypes.CONTROL, Unpooled.wrappedBuffer(JSON.writeValueAsBytes(this)));
    } catch (RuntimeException e) {
      composite.release();
      throw e;
    }
    return composite;
  }

  /** The control message in METADATA_PUSH metadata, or null if there is none or it is malformed. */
  public static @Nullable Control decode(ByteBuf metadata) {
    try {
      for (CompositeMetadata.Entry entry : new CompositeMetadata(metadata, false)) {
        if (MimeTypes.CONTROL.equals(entry.getMimeType())) {
          Control control = JSON.readValue((InputStream) new ByteBufInputStream(entry.getContent().duplicate()), Control.class);
          return control.type() == null ? null : control;
        }
      }
    } catch (RuntimeException e) {
      return null;
    }
    return null;
  }
}
