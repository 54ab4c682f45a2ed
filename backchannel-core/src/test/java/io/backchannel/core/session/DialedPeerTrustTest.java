package io.backchannel.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backchannel.NotConnectedException;
import io.backchannel.core.Peer;
import io.backchannel.core.internal.wire.RequestMetadata;
import io.backchannel.core.node.Target;
import io.backchannel.testing.Closer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketServer;
import io.rsocket.transport.netty.server.CloseableChannel;
import io.rsocket.transport.netty.server.TcpServerTransport;
import io.rsocket.util.ByteBufPayload;
import io.rsocket.util.DefaultPayload;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * A hub dials a listener that is a plain rsocket-java server playing the attacker: its hello claims
 * a connected node's id, or a cross-tenant role. What a dialed listener says about itself is
 * unproven, so it takes no node's place, gets nothing relayed and lists nothing.
 */
class DialedPeerTrustTest {
  private static final ObjectMapper CBOR = new CBORMapper();

  private final Closer closer = new Closer();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Map<String, GreeterImpl> greeters = new java.util.HashMap<>();
  private Peer console;
  private String uri;

  @BeforeEach
  void connect() {
    console = closer.register(Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
        .crossTenantRole("operator").meterRegistry(meters).build());
    uri = console.listen("tcp://127.0.0.1:0").uri().toString();
    join("a1", "acme");
    join("b1", "bolt");
  }

  @AfterEach
  void close() {
    closer.close();
  }

  private void join(String nodeId, String tenant) {
    GreeterImpl greeter = new GreeterImpl(nodeId);
    greeters.put(nodeId, greeter);
    closer.register(Peer.builder().nodeId(nodeId).tenant(tenant).hub("console")
        .credential(TestAuth.token(tenant, nodeId, "node")).export(Greeter.class, greeter).build()).dial(uri);
  }

  @Test
  void aDialedListenerCannotTakeAConnectedNodesId() {
    Impostor impostor = impostor("{\"nodeId\":\"a1\",\"tenant\":\"acme\",\"role\":\"node\"}");

    assertThatThrownBy(() -> console.dial(impostor.uri()))
        .isInstanceOf(NotConnectedException.class)
        .hasMessageContaining("claims node id 'a1', which is already connected");

    assertThat(console.proxy(Greeter.class, Target.node("acme", "a1")).hello("x"))
        .as("the real a1 is still connected and served").isEqualTo("hello x from a1");
    assertThat(meters.counter("backchannel.trust.refusals", "reason", "dialed_id_taken").count()).isEqualTo(1);
  }

  @Test
  void aDialedListenerClaimingACrossTenantRoleGetsNothingRelayedOrListed() throws Exception {
    Impostor impostor = impostor("{\"nodeId\":\"m1\",\"tenant\":\"acme\",\"role\":\"operator\"}");
    console.dial(impostor.uri());
    RSocket hub = impostor.hub().get(10, TimeUnit.SECONDS);

    RequestMetadata toB1 = new RequestMetadata("Greeter.hello", "evil-1", 5000, "b1", null, Map.of());
    Payload relayAttempt = ByteBufPayload.create(Unpooled.wrappedBuffer(CBOR.writeValueAsBytes(List.of("evil"))),
        toB1.encode(ByteBufAllocator.DEFAULT));
    assertThatThrownBy(() -> hub.requestResponse(relayAttempt).block(Duration.ofSeconds(10)))
        .as("the hub does not relay for a node it dialed").hasMessageContaining("UNKNOWN_ROUTE");
    assertThat(greeters.get("b1").handlerThreads).as("b1 never saw the call").isEmpty();

    Payload listing = hub.requestResponse(ByteBufPayload.create(Unpooled.EMPTY_BUFFER,
        new RequestMetadata("backchannel.nodes", "evil-2", 5000).encode(ByteBufAllocator.DEFAULT))).block(Duration.ofSeconds(10));
    try {
      assertThat(listing.getDataUtf8()).as("a dialed listener lists nothing").isEqualTo("[]");
    } finally {
      listing.release();
    }
    assertThat(console.proxy(Greeter.class, Target.node("bolt", "b1")).hello("x")).isEqualTo("hello x from b1");
  }

  /** A raw RSocket server whose hello says {@code helloJson}, and the hub's requester once it dials. */
  private Impostor impostor(String helloJson) {
    CompletableFuture<RSocket> hub = new CompletableFuture<>();
    RSocket responder = new RSocket() {
      @Override
      public Mono<Payload> requestResponse(Payload payload) {
        payload.release();
        return Mono.just(DefaultPayload.create(helloJson.getBytes(StandardCharsets.UTF_8)));
      }
    };
    CloseableChannel server = RSocketServer.create((setup, sendingSocket) -> {
          hub.complete(sendingSocket);
          return Mono.just(responder);
        })
        .bind(TcpServerTransport.create("127.0.0.1", 0))
        .block(Duration.ofSeconds(10));
    closer.register(server::dispose);
    return new Impostor("tcp://127.0.0.1:" + server.address().getPort(), hub);
  }

  private record Impostor(String uri, CompletableFuture<RSocket> hub) {}
}
