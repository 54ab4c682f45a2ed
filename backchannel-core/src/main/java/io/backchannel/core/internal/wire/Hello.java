package io.backchannel.core.internal.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * A node's introduction: sent by a dialer as a composite entry of SETUP metadata, and by a
 * listener as the response to {@link MimeTypes#HELLO_ROUTE}. JSON, so any client can write it.
 * In SETUP, a listener reads at most {@link #MAX_SETUP_HELLO_BYTES} of hello and {@link
 * #MAX_SETUP_TOKEN_BYTES} of authentication metadata.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Hello(
    String nodeId,
    @Nullable String tenant,
    @Nullable String role,
    @Nullable Map<String, String> tags,
    @Nullable List<String> services,
    @Nullable String version) {
  /** The largest hello a listener parses from SETUP, before anyone is authenticated. */
  public static final int MAX_SETUP_HELLO_BYTES = 16 * 1024;
  /** The largest bearer token a listener reads from SETUP and hands to its authenticator. */
  public static final int MAX_SETUP_TOKEN_BYTES = 8 * 1024;

  private static final ObjectMapper JSON = WireJson.MAPPER;

  public Hello {
    if (nodeId == null || nodeId.isBlank()) {
      throw new IllegalArgumentException("hello needs a nodeId");
    }
  }

  public byte[] toJson() {
    return JSON.writeValueAsBytes(this);
  }

  /**
   * SETUP metadata: this hello and, if given, a bearer token in RSocket's authentication
   * extension. The caller owns the buffer.
   */
  public io.netty.buffer.ByteBuf toSetupMetadata(io.netty.buffer.ByteBufAllocator allocator, @Nullable String bearerToken) {
    io.netty.buffer.CompositeByteBuf composite = allocator.compositeBuffer();
    io.rsocket.metadata.CompositeMetadataCodec.encodeAndAddMetadata(
        composite, allocator, MimeTypes.HELLO, io.netty.buffer.Unpooled.wrappedBuffer(toJson()));
    if (bearerToken != null) {
      io.rsocket.metadata.CompositeMetadataCodec.encodeAndAddMetadata(
          composite, allocator, io.rsocket.metadata.WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION,
          io.rsocket.metadata.AuthMetadataCodec.encodeBearerMetadata(allocator, bearerToken.toCharArray()));
    }
    return composite;
  }

  /**
   * The bearer token in SETUP metadata, or null if there is none.
   *
   * @throws IllegalArgumentException if the authentication entry is malformed or not bearer
   */
  public static @Nullable String bearerToken(ByteBuf metadata) {
    if (!metadata.isReadable()) {
      return null;
    }
    try {
      for (io.rsocket.metadata.CompositeMetadata.Entry entry : new io.rsocket.metadata.CompositeMetadata(metadata, false)) {
        if ("message/x.rsocket.authentication.v0".equals(entry.getMimeType())) {
          ByteBuf content = entry.getContent();
          requireAtMost(content, MAX_SETUP_TOKEN_BYTES, "authentication metadata");
          if (!io.rsocket.metadata.AuthMetadataCodec.isWellKnownAuthType(content)
              || io.rsocket.metadata.AuthMetadataCodec.readWellKnownAuthType(content)
                  != io.rsocket.metadata.WellKnownAuthType.BEARER) {
            throw new IllegalArgumentException("only bearer authentication is supported");
          }
          return new String(io.rsocket.metadata.AuthMetadataCodec.readBearerTokenAsCharArray(content));
        }
      }
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed authentication metadata: " + e.getMessage(), e);
    }
    return null;
  }

  /**
   * The hello in SETUP metadata, or null if there is none (a plain RSocket client).
   *
   * @throws IllegalArgumentException if the metadata or the hello is malformed
   */
  public static @Nullable Hello fromSetupMetadata(ByteBuf metadata) {
    if (!metadata.isReadable()) {
      return null;
    }
    try {
      for (io.rsocket.metadata.CompositeMetadata.Entry entry : new io.rsocket.metadata.CompositeMetadata(metadata, false)) {
        if (MimeTypes.HELLO.equals(entry.getMimeType())) {
          requireAtMost(entry.getContent(), MAX_SETUP_HELLO_BYTES, "hello");
          return fromJson(entry.getContent());
        }
      }
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed SETUP metadata: " + e.getMessage(), e);
    }
    return null;
  }

  /** Refuses unauthenticated input before it is parsed, with a reason its sender can act on. */
  private static void requireAtMost(ByteBuf content, int max, String what) {
    if (content.readableBytes() > max) {
      throw new IllegalArgumentException(what + " in SETUP is " + content.readableBytes()
          + " bytes, more than the " + max + " a listener reads before authentication");
    }
  }

  /** Parses a hello; {@link IllegalArgumentException} if it is not one. */
  public static Hello fromJson(ByteBuf json) {
    try {
      return JSON.readValue((java.io.InputStream) new ByteBufInputStream(json.duplicate()), Hello.class);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed hello: " + e.getMessage(), e);
    }
  }
}
