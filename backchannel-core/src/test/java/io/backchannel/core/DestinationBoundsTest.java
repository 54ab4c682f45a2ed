package io.backchannel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.backchannel.core.internal.wire.Hello;
import io.backchannel.core.internal.wire.MimeTypes;
import io.backchannel.testing.Closer;
import io.backchannel.testing.TestAuth;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
import io.rsocket.exceptions.InvalidException;
import io.rsocket.exceptions.RejectedSetupException;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.TaggingMetadataCodec;
import io.rsocket.metadata.WellKnownMimeType;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.util.ByteBufPayload;
import io.rsocket.util.DefaultPayload;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Text a stranger or a tenant sends that reaches messages and logs: a relay destination is held
 * to the rules of ids and routes, and a refused hello's node id is logged without its line breaks.
 */
class DestinationBoundsTest {
  private final Closer closer = new Closer();
  private final Logger auth = (Logger) LoggerFactory.getLogger("io.backchannel.auth");
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private URI uri;

  @BeforeEach
  void listen() {
    logged.start();
    auth.addAppender(logged);
    Peer console = closer.register(Peer.builder().nodeId("console").authenticator(TestAuth.authenticator()).build());
    uri = console.listen("tcp://127.0.0.1:0").uri();
  }

  @AfterEach
  void close() {
    auth.detachAppender(logged);
    closer.close();
  }

  @Test
  void anUnsafeDestinationIsRefusedAtDecode() {
    RSocket tenant = connect(new Hello("a1", "acme", null, Map.of(), List.of(), null), TestAuth.token("acme", "a1", "node"));
    CompositeByteBuf metadata = ByteBufAllocator.DEFAULT.compositeBuffer();
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, ByteBufAllocator.DEFAULT, WellKnownMimeType.MESSAGE_RSOCKET_ROUTING,
        TaggingMetadataCodec.createTaggingContent(ByteBufAllocator.DEFAULT, List.of("Greeter.hello")));
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, ByteBufAllocator.DEFAULT, MimeTypes.DESTINATION,
        Unpooled.copiedBuffer("b1\r\nforged " + "x".repeat(10_000), StandardCharsets.UTF_8));

    assertThatThrownBy(() -> tenant.requestResponse(ByteBufPayload.create(Unpooled.EMPTY_BUFFER, metadata))
        .block(Duration.ofSeconds(10)))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("destination")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("forged", "xxxxxxxx"));
  }

  @Test
  void aRefusedHellosNodeIdReachesTheLogWithoutItsLineBreaks() {
    Hello forged = new Hello("n1\r\n2026-12-01 INFO accepted node admin", "acme", null, Map.of(), List.of(), null);
    assertThatThrownBy(() -> connect(forged, "not-a-token").requestResponse(DefaultPayload.create("x")).block(Duration.ofSeconds(10)))
        .isInstanceOf(RejectedSetupException.class);
    synchronized (logged) { // AppenderBase.doAppend holds the same lock
      assertThat(logged.list).isNotEmpty().allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain("\r", "\n"));
    }
  }

  private RSocket connect(Hello hello, String token) {
    ByteBuf setup = hello.toSetupMetadata(ByteBufAllocator.DEFAULT, token);
    byte[] bytes = new byte[setup.readableBytes()];
    setup.readBytes(bytes);
    setup.release();
    RSocket socket = RSocketConnector.create()
        .metadataMimeType(MimeTypes.COMPOSITE)
        .dataMimeType("application/cbor")
        .setupPayload(DefaultPayload.create(new byte[0], bytes))
        .connect(TcpClientTransport.create(uri.getHost(), uri.getPort()))
        .block(Duration.ofSeconds(10));
    closer.register(socket::dispose);
    return socket;
  }
}
