package io.backchannel.core.internal.session;

import io.backchannel.BackchannelException;
import io.backchannel.ConnectionLostException;
import io.backchannel.NotConnectedException;
import io.backchannel.core.auth.Principal;
import io.backchannel.core.internal.call.RequestIds;
import io.backchannel.core.internal.wire.ErrorMapping;
import io.backchannel.core.internal.wire.Hello;
import io.backchannel.core.internal.wire.MimeTypes;
import io.backchannel.core.internal.wire.RequestMetadata;
import io.backchannel.core.node.NodeInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.util.ByteBufPayload;
import io.rsocket.util.DefaultPayload;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;

/**
 * The handshake, both sides. The dialer sends its hello and bearer token in SETUP, then asks the
 * listener's hello ({@code backchannel.hello}) to learn whom it reached; the listener reads the
 * SETUP claim and answers the hello route.
 */
public final class Handshake {
  private final LocalNode self;
  private final @Nullable Supplier<String> credential;
  private final Duration timeout;
  private final ByteBufAllocator allocator;

  /** What a dialer claims in SETUP, before anyone checked it; {@code hello} is null if it sent none. */
  public record Claim(@Nullable Hello hello, @Nullable String token) {}

  public Handshake(LocalNode self, @Nullable Supplier<String> credential, Duration timeout, ByteBufAllocator allocator) {
    this.self = self;
    this.credential = credential;
    this.timeout = timeout;
    this.allocator = allocator;
  }

  /**
   * The SETUP payload of one dial: a heap copy (rsocket re-sends it on resumption and must never
   * share a pooled buffer), built per dial so every reconnect presents the current credential.
   */
  public Payload setupPayload() {
    String token = credential == null ? null : credential.get();
    return DefaultPayload.create(Unpooled.EMPTY_BUFFER, self.hello().toSetupMetadata(allocator, token));
  }

  /** Asks the node at the other end of a fresh dial who it is; blocks up to the timeout. */
  public NodeInfo askHello(RSocket socket, String uri) {
    ByteBuf metadata = new RequestMetadata(MimeTypes.HELLO_ROUTE, RequestIds.next(), timeout.toMillis()).encode(allocator);
    Payload response;
    try {
      response = socket.requestResponse(ByteBufPayload.create(Unpooled.EMPTY_BUFFER, metadata)).block(timeout);
    } catch (RuntimeException e) {
      BackchannelException failure = asBackchannel(Exceptions.unwrap(e), "node at " + uri + " did not say hello");
      // The dial has not completed: a connection lost now was never established, so retrying is safe.
      throw failure instanceof ConnectionLostException
          ? new NotConnectedException("cannot connect to " + uri + ": " + failure.detail(), null, failure)
          : failure;
    }
    if (response == null) {
      throw new NotConnectedException("node at " + uri + " sent an empty hello", null, null);
    }
    try {
      return nodeInfo(Hello.fromJson(response.sliceData()));
    } catch (IllegalArgumentException e) {
      throw new NotConnectedException("node at " + uri + " is not a Backchannel node: " + e.getMessage(), null, e);
    } finally {
      response.release();
    }
  }

  /** This node's answer to {@code backchannel.hello}. */
  public byte[] helloJson() {
    return self.hello().toJson();
  }

  /**
   * Reads a dialer's claim from SETUP metadata. A dialer that sent no hello (a plain RSocket
   * client) claims no node id: its credential names it.
   *
   * @throws IllegalArgumentException if the metadata is malformed
   */
  public static Claim readSetup(ByteBuf metadata) {
    return new Claim(Hello.fromSetupMetadata(metadata), Hello.bearerToken(metadata));
  }

  /** The failure of a built-in request, as the Backchannel exception a caller sees. */
  static BackchannelException asBackchannel(Throwable error, String what) {
    Throwable failure = ErrorMapping.fromWire(error, null, List.of());
    if (failure instanceof BackchannelException backchannel) {
      return backchannel;
    }
    return new NotConnectedException(what + ": " + describe(failure), null, failure);
  }

  /** The innermost message of {@code error}, for "cannot connect" style errors. */
  public static String describe(Throwable error) {
    Throwable cause = Exceptions.unwrap(error);
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  private static NodeInfo nodeInfo(Hello hello) {
    return new NodeInfo(
        hello.nodeId(),
        hello.tenant() == null ? Principal.DEFAULT_TENANT : hello.tenant(),
        hello.role() == null ? Principal.DEFAULT_ROLE : hello.role(),
        hello.tags() == null ? Map.<String, String>of() : hello.tags(),
        hello.services() == null ? List.<String>of() : hello.services(),
        hello.version());
  }
}
