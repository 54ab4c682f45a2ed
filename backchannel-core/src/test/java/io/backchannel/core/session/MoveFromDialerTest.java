package io.backchannel.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.core.auth.Authenticator;
import io.backchannel.core.cluster.InMemoryCluster;
import io.backchannel.core.node.Connection;
import io.backchannel.core.node.Link;
import io.backchannel.testing.Closer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.TaggingMetadataCodec;
import io.rsocket.metadata.WellKnownMimeType;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.util.ByteBufPayload;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Only a listener may ask a connection to move: a plain rsocket-java client (no Backchannel class on
 * its side of the wire) that dials a console and pushes {@code move}, as {@code docs/protocol.md}
 * spells it, changes nothing on the console. It is counted, and the console serves on.
 */
class MoveFromDialerTest {
  private static final Duration BOUND = Duration.ofSeconds(30);

  private final Closer closer = new Closer();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @AfterEach
  void close() {
    closer.close();
  }

  @Test
  void aMovePushedByTheDialingSideIsIgnoredAndCounted() {
    InMemoryCluster store = InMemoryCluster.create(100);
    Peer console = closer.register(Peer.builder().nodeId("console").authenticator(Authenticator.insecureAllowAll())
        .meterRegistry(meters).cluster(store.connect(), Duration.ofSeconds(3))
        .export(Greeter.class, new GreeterImpl("console")).build());
    URI uri = console.listen("tcp://127.0.0.1:0").uri();
    Peer sidecar = closer.register(Peer.builder().nodeId("sidecar").build());
    Link link = closer.register(sidecar.connect(uri.toString()));
    link.awaitConnection(BOUND);
    RSocket raw = RSocketConnector.create()
        .metadataMimeType("message/x.rsocket.composite-metadata.v0")
        .dataMimeType("application/cbor")
        .connect(TcpClientTransport.create(uri.getHost(), uri.getPort()))
        .block(BOUND);
    closer.register(raw::dispose);
    await().atMost(BOUND).until(() -> console.connections().size() == 2);
    String rawId = console.connections().stream().map(Connection::remote).map(node -> node.nodeId())
        .filter(id -> !id.equals("sidecar")).findFirst().orElseThrow();

    raw.metadataPush(move()).block(BOUND);
    raw.metadataPush(move()).block(BOUND);

    await().atMost(BOUND).until(() -> ignoredMoves() == 2);
    assertThat(raw.requestResponse(request("Greeter.touch")).block(BOUND)).as("the console still serves it").isNull();
    assertThat(console.connection(rawId)).hasValueSatisfying(connection -> assertThat(connection.isOpen()).isTrue());
    assertThat(console.registry().isDraining(rawId)).isFalse();
    assertThat(console.registry().isDraining("sidecar")).isFalse();
    assertThat(link.connects()).as("no node was asked to move").isEqualTo(1);
    assertThat(link.proxy(Greeter.class).hello("still")).isEqualTo("hello still from console");
    Peer late = closer.register(Peer.builder().nodeId("late").build());
    assertThat(late.dial(uri.toString()).remote().nodeId()).as("the console still admits nodes").isEqualTo("console");
  }

  private double ignoredMoves() {
    Counter counter = meters.find("backchannel.trust.refusals").tag("reason", "move_from_dialer").counter();
    return counter == null ? 0 : counter.count();
  }

  /** METADATA_PUSH metadata: one composite entry of the control MIME type holding {@code {"type":"move"}}. */
  private static io.rsocket.Payload move() {
    ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    CompositeByteBuf metadata = allocator.compositeBuffer();
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, "application/x.backchannel.control+json",
        Unpooled.copiedBuffer("{\"type\":\"move\"}", StandardCharsets.UTF_8));
    return ByteBufPayload.create(Unpooled.EMPTY_BUFFER, metadata);
  }

  private static io.rsocket.Payload request(String route) {
    ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    CompositeByteBuf metadata = allocator.compositeBuffer();
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, WellKnownMimeType.MESSAGE_RSOCKET_ROUTING,
        TaggingMetadataCodec.createTaggingContent(allocator, List.of(route)));
    return ByteBufPayload.create(Unpooled.EMPTY_BUFFER, metadata);
  }
}
