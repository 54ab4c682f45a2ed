package io.backchannel.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.core.internal.wire.Hello;
import io.backchannel.core.internal.wire.MimeTypes;
import io.backchannel.testing.Closer;
import io.backchannel.testing.TestAuth;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
import io.rsocket.core.Resume;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.util.DefaultPayload;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With resumption on, an attacker who learned a victim's resume token sends SETUP with it and a
 * garbage credential, from a plain rsocket-java client. The refused SETUP must leave the victim's
 * session alone (rsocket 1.1.5 replaces the saved session before the acceptor runs).
 */
class ResumeHijackTest {
  private static final String VICTIM_TOKEN = "victim-resume-token";

  private final Closer closer = new Closer();

  @AfterEach
  void close() {
    closer.close();
  }

  @Test
  void aRefusedSetupWithAKnownResumeTokenLeavesTheVictimAlone() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Peer console = closer.register(Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
        .meterRegistry(meters).resume(Duration.ofSeconds(30)).build());
    URI uri = console.listen("tcp://127.0.0.1:0").uri();
    Peer bystander = closer.register(Peer.builder().nodeId("b1").credential(TestAuth.token("bolt", "b1", "node"))
        .build());
    bystander.dial(uri.toString());

    RSocket victim = connect(uri, "a1", TestAuth.token("acme", "a1", "node"));
    closer.register(victim::dispose);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(console.connection("a1")).as("the victim was admitted").isPresent());

    RSocket attacker = connect(uri, "a1", "garbage");
    closer.register(attacker::dispose);
    // Refused either by the authenticator (before the fix, after the eviction) or before any session is touched.
    await().atMost(Duration.ofSeconds(10)).until(() -> meters.counter("backchannel.auth.failures").count()
        + meters.find("backchannel.trust.refusals").counters().stream().mapToDouble(c -> c.count()).sum() >= 1);

    assertThat(console.connection("a1")).as("the victim's session is still registered")
        .hasValueSatisfying(connection -> assertThat(connection.isOpen()).isTrue());
    assertThat(victim.isDisposed()).as("the victim's connection is still open").isFalse();
    assertThat(hello(victim)).as("the victim is still served").contains("\"nodeId\":\"console\"");
    assertThat(meters.counter("backchannel.trust.refusals", "reason", "resume_token_in_use").count()).isEqualTo(1);
    assertThat(console.connection("b1")).as("other tenants are still served")
        .hasValueSatisfying(connection -> assertThat(connection.isOpen()).isTrue());
  }

  private static RSocket connect(URI uri, String nodeId, String bearer) {
    ByteBuf setup = new Hello(nodeId, null, null, Map.of(), java.util.List.of(), null)
        .toSetupMetadata(Unpooled.buffer().alloc(), bearer);
    byte[] metadata = new byte[setup.readableBytes()];
    setup.readBytes(metadata);
    setup.release();
    return RSocketConnector.create()
        .metadataMimeType(MimeTypes.COMPOSITE)
        .dataMimeType("application/cbor")
        .setupPayload(DefaultPayload.create(new byte[0], metadata))
        .resume(new Resume().token(() -> Unpooled.copiedBuffer(VICTIM_TOKEN, StandardCharsets.UTF_8)))
        .connect(TcpClientTransport.create(uri.getHost(), uri.getPort()))
        .block(Duration.ofSeconds(10));
  }

  /** The console's hello, asked over the raw client. */
  private static String hello(RSocket client) {
    ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    var composite = allocator.compositeBuffer();
    io.rsocket.metadata.CompositeMetadataCodec.encodeAndAddMetadata(composite, allocator,
        io.rsocket.metadata.WellKnownMimeType.MESSAGE_RSOCKET_ROUTING,
        io.rsocket.metadata.TaggingMetadataCodec.createTaggingContent(allocator, java.util.List.of("backchannel.hello")));
    var response = client.requestResponse(io.rsocket.util.ByteBufPayload.create(Unpooled.EMPTY_BUFFER, composite))
        .block(Duration.ofSeconds(10));
    try {
      return response.getDataUtf8();
    } finally {
      response.release();
    }
  }
}
