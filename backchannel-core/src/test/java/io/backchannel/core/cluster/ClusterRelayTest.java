package io.backchannel.core.cluster;

import static io.backchannel.testing.TestCluster.BOUND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.NoRouteException;
import io.backchannel.core.Peer;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeResult;
import io.backchannel.core.node.NodeSelector;
import io.backchannel.core.node.Target;
import io.backchannel.testing.Closer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.RawNode;
import io.backchannel.testing.TestAuth;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.TaggingMetadataCodec;
import io.rsocket.metadata.WellKnownMimeType;
import io.rsocket.util.ByteBufPayload;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calls between the consoles of one cluster, over real loopback TCP with real tokens: a console
 * reaches the nodes another console holds, sidecars of one tenant reach each other across
 * consoles, routing strategies and broadcasts span the cluster, and the tenant rules of a single
 * hub hold across consoles, against raw rsocket-java clients too.
 */
class ClusterRelayTest {
  private static final Duration TTL = Duration.ofMillis(1500);

  private final Closer closer = new Closer();
  private final InMemoryCluster memory = InMemoryCluster.create(1_000);
  private final Map<Peer, URI> uris = new ConcurrentHashMap<>();

  @AfterEach
  void close() {
    closer.close();
  }

  @Test
  void aConsoleCallsANodeThatAnotherConsoleHolds() {
    Peer a = console("console-a");
    Peer b = console("console-b");
    sidecar("s1", "acme", b);

    Greeter s1 = a.proxy(Greeter.class, Target.node("acme", "s1"));
    assertThat(eventually(() -> s1.hello("a"))).isEqualTo("hello a from s1");
    assertThat(s1.context().get(3)).as("the caller the sidecar sees").isEqualTo("console-a");
    assertThat(s1.helloAsync("async").join()).isEqualTo("hello async from s1");
    assertThat(s1.count(3).collectList().block(Duration.ofSeconds(10))).containsExactly(1, 2, 3);
  }

  @Test
  void sidecarsOfOneTenantCallEachOtherAcrossConsoles() {
    Peer a = console("console-a");
    Peer b = console("console-b");
    Peer s1 = sidecar("s1", "acme", a);
    sidecar("s2", "acme", b);
    awaitListed(a, "s2");

    Greeter s2 = s1.proxy(Greeter.class, Target.node("s2"));
    assertThat(eventually(() -> s2.hello("s1"))).isEqualTo("hello s1 from s2");
    assertThat(s2.context().get(3)).as("the origin is passed on, not the relaying console").isEqualTo("s1");
    assertThat(s2.upper("x-", reactor.core.publisher.Flux.just("a", "b")).collectList().block(Duration.ofSeconds(10)))
        .hasSize(2);
  }

  @Test
  void aTenantCannotReachAnotherTenantsNodeOnAnotherConsole() {
    Peer a = console("console-a");
    Peer b = console("console-b");
    Peer intruder = sidecar("g1", "globex", b);
    sidecar("s1", "acme", a);
    sidecar("s2", "acme", b); // proves the path from console-b to console-a works
    Peer s3 = sidecar("s3", "acme", b);
    assertThat(eventually(() -> s3.proxy(Greeter.class, Target.node("s1")).hello("ok"))).isEqualTo("hello ok from s1");

    assertThatThrownBy(() -> intruder.proxy(Greeter.class, Target.node("s1")).hello("intrude"))
        .isInstanceOf(NoRouteException.class);
    assertThat(intruder.connection("console-b").orElseThrow().listNodes(NodeSelector.anyTenant()))
        .extracting(NodeInfo::nodeId).doesNotContain("s1", "s2", "s3");
  }

  @Test
  void aNodesOriginEntryIsIgnoredOnlyAFellowConsolesIsPassedOn() {
    Peer a = console("console-a");
    Peer b = console("console-b");
    sidecar("s1", "acme", a);
    Peer s2 = sidecar("s2", "acme", b);
    awaitListed(b, "s1");
    assertThat(eventually(() -> s2.proxy(Greeter.class, Target.node("s1")).hello("ok"))).isEqualTo("hello ok from s1");

    // A raw client of tenant globex, authenticated by console-b, claims to relay for acme's s2 across tenants.
    RSocket raw = RawNode.connect(uris.get(b), "globex", "g-raw");
    closer.register((AutoCloseable) raw::dispose);
    String forged = "{\"nodeId\":\"s2\",\"tenant\":\"acme\",\"role\":\"console\",\"crossTenant\":true}";
    assertThatThrownBy(() -> raw.requestResponse(request("Greeter.hello", "s1", forged)).block(Duration.ofSeconds(10)))
        .satisfies(error -> assertThat(RawNode.status(error)).isEqualTo("NO_ROUTE"));
    // Nor does the forged origin reach a node of acme that console-b holds itself.
    assertThatThrownBy(() -> raw.requestResponse(request("Greeter.hello", "s2", forged)).block(Duration.ofSeconds(10)))
        .satisfies(error -> assertThat(RawNode.status(error)).isEqualTo("NO_ROUTE"));
  }

  @Test
  void routingStrategiesAndBroadcastsSpanTheCluster() {
    Peer a = console("console-a");
    Peer b = console("console-b");
    sidecar("s1", "acme", a);
    sidecar("s2", "acme", b);
    sidecar("s3", "acme", b);
    sidecar("g1", "globex", b);
    NodeSelector acme = NodeSelector.service("Greeter").withTenant("acme");
    await().atMost(BOUND).until(() -> {
      List<NodeResult<String>> all = a.broadcast(Greeter.class, acme, greeter -> greeter.hello("all"));
      return all.size() == 3 && all.stream().allMatch(NodeResult::succeeded);
    });
    assertThat(a.broadcast(Greeter.class, acme, greeter -> greeter.hello("all")))
        .extracting(NodeResult::value)
        .containsExactly("hello all from s1", "hello all from s2", "hello all from s3");

    java.util.Set<String> reached = ConcurrentHashMap.newKeySet();
    Greeter leastLoaded = a.proxy(Greeter.class, Target.leastLoaded(acme));
    await().atMost(BOUND).until(() -> {
      reached.add(leastLoaded.hello("x").substring("hello x from ".length()));
      return reached.containsAll(List.of("s1", "s2", "s3"));
    });
    assertThat(reached).doesNotContain("g1");

    Greeter sticky = a.proxy(Greeter.class, Target.sticky("customer-7", acme));
    String first = sticky.hello("x");
    for (int i = 0; i < 20; i++) {
      assertThat(sticky.hello("x")).isEqualTo(first);
    }
    // Every console picks the same node for a key: the same candidates, wherever they are held.
    assertThat(b.proxy(Greeter.class, Target.sticky("customer-7", acme)).hello("x")).isEqualTo(first);
  }

  @Test
  void fellowConsolesAreNotListedAsNodes() {
    Peer a = console("console-a");
    Peer b = console("console-b");
    sidecar("s1", "acme", b);
    awaitListed(a, "s1");
    assertThat(eventually(() -> a.proxy(Greeter.class, Target.node("acme", "s1")).hello("x"))).isNotNull();
    assertThat(a.registry().nodes(NodeSelector.anyTenant())).extracting(NodeInfo::nodeId).containsExactly("s1");
    assertThat(b.registry().nodes(NodeSelector.anyTenant())).extracting(NodeInfo::nodeId).containsExactly("s1");
  }

  private Peer console(String nodeId) {
    Peer console = closer.register(Peer.builder().nodeId(nodeId).role("console")
        .credential(TestAuth.token("default", nodeId, "console"))
        .authenticator(TestAuth.authenticator())
        .cluster(memory.connect(), TTL)
        .consoleRole("console")
        .build());
    uris.put(console, console.listen("tcp://127.0.0.1:0").uri());
    return console;
  }

  private Peer peerOf(String nodeId, String tenant) {
    GreeterImpl greeter = new GreeterImpl(nodeId);
    return Peer.builder().nodeId(nodeId).tenant(tenant).credential(TestAuth.token(tenant, nodeId, "node"))
        .hub("console-a", "console-b").export(Greeter.class, greeter).build();
  }

  private Peer sidecar(String nodeId, String tenant, Peer console) {
    Peer sidecar = closer.register(peerOf(nodeId, tenant));
    sidecar.dial(uris.get(console).toString());
    return sidecar;
  }

  private static void awaitListed(Peer console, String nodeId) {
    await().atMost(BOUND).until(() -> console.registry().nodes(NodeSelector.anyTenant()).stream()
        .anyMatch(node -> node.nodeId().equals(nodeId)));
  }

  /** The first result of {@code call} once the cluster routes it: the view and links converge after joins. */
  private static <T> T eventually(java.util.function.Supplier<T> call) {
    return await().atMost(BOUND).ignoreException(NoRouteException.class).until(call::get, result -> true);
  }

  /** A raw request for {@code destination} with an origin entry. */
  private static Payload request(String route, String destination, @Nullable String originJson) {
    ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    CompositeByteBuf metadata = allocator.compositeBuffer();
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, WellKnownMimeType.MESSAGE_RSOCKET_ROUTING,
        TaggingMetadataCodec.createTaggingContent(allocator, List.of(route)));
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, "application/x.backchannel.destination",
        Unpooled.copiedBuffer(destination, StandardCharsets.UTF_8));
    if (originJson != null) {
      CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, "application/x.backchannel.origin+json",
          Unpooled.copiedBuffer(originJson, StandardCharsets.UTF_8));
    }
    return ByteBufPayload.create(Unpooled.wrappedBuffer(RawNode.CBOR.writeValueAsBytes(List.of("raw"))), metadata);
  }
}
