package io.backchannel.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.NoRouteException;
import io.backchannel.core.Peer;
import io.backchannel.core.internal.wire.Control;
import io.backchannel.core.internal.wire.Hello;
import io.backchannel.core.internal.wire.MimeTypes;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeSelector;
import io.backchannel.core.node.Target;
import io.backchannel.testing.Closer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.util.ByteBufPayload;
import io.rsocket.util.DefaultPayload;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hub serving two tenants. A tenant-bolt node that exports the same service as tenant acme's
 * (and reports no load) must not receive acme's calls because the hub's selector named no tenant;
 * and a node (a plain rsocket-java client) may not flood the hub with announcements.
 */
class HubTenantRoutingTest {
  private final Closer closer = new Closer();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Map<String, GreeterImpl> greeters = new HashMap<>();
  private Peer console;
  private URI uri;

  @BeforeEach
  void connect() {
    console = closer.register(Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
        .meterRegistry(meters).build());
    uri = console.listen("tcp://127.0.0.1:0").uri();
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
    closer.register(Peer.builder().nodeId(nodeId).tenant(tenant).credential(TestAuth.token(tenant, nodeId, "node"))
        .export(Greeter.class, greeter).build()).dial(uri.toString());
  }

  @Test
  void aSelectorWithoutATenantReachesNoOtherTenantsNode() {
    Greeter unscoped = console.proxy(Greeter.class, Target.leastLoaded(NodeSelector.service("Greeter")));
    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(() -> unscoped.hello("x"))
          .isInstanceOf(NoRouteException.class)
          .hasMessageContaining("name one with withTenant, or every tenant with NodeSelector.anyTenant()");
    }
    assertThat(console.broadcast(Greeter.class, NodeSelector.service("Greeter"), g -> g.hello("x"))).isEmpty();
    assertThat(greeters.get("b1").handlerThreads).as("bolt's node got none of the calls").isEmpty();
    assertThat(greeters.get("a1").handlerThreads).isEmpty();

    Greeter acme = console.proxy(Greeter.class, Target.leastLoaded(NodeSelector.service("Greeter").withTenant("acme")));
    for (int i = 0; i < 20; i++) {
      assertThat(acme.hello("x")).isEqualTo("hello x from a1");
    }
    assertThat(greeters.get("b1").handlerThreads).isEmpty();
    assertThat(console.broadcast(Greeter.class, NodeSelector.anyTenant().withService("Greeter"), g -> g.hello("x")))
        .as("every tenant, when asked for deliberately").hasSize(2);
  }

  @Test
  void aNodeTargetThatNamesATenantReachesOnlyThatTenantsNode() {
    assertThatThrownBy(() -> console.proxy(Greeter.class, Target.node("acme", "b1")).hello("x"))
        .isInstanceOf(NoRouteException.class)
        .hasMessageContaining("no connected node 'b1' in tenant 'acme'");
    assertThat(greeters.get("b1").handlerThreads).isEmpty();
    assertThat(console.proxy(Greeter.class, Target.node("bolt", "b1")).hello("x")).isEqualTo("hello x from b1");
  }

  @Test
  void aNodeIdWithoutATenantReachesNoOtherTenantsNode() {
    // The console's own tenant is "default": b1, of tenant bolt, is not reached by its id alone.
    assertThatThrownBy(() -> console.proxy(Greeter.class, Target.node("b1")).hello("x"))
        .isInstanceOf(NoRouteException.class)
        .hasMessageContaining("no connected node 'b1' in tenant 'default'")
        .hasMessageContaining("Target.node(tenant, id)");
    assertThat(greeters.get("b1").handlerThreads).isEmpty();
  }

  @Test
  void aNodeCannotAnnounceTooMuchOrTooOften() {
    RSocket raw = rawClient("a9", "acme");
    await().atMost(Duration.ofSeconds(10)).until(() -> console.connection("a9").isPresent());

    Map<String, String> huge = new HashMap<>();
    for (int i = 0; i < 1_000; i++) {
      huge.put("k" + i, "v");
    }
    push(raw, Control.update(huge, List.of("Greeter")));
    await().atMost(Duration.ofSeconds(10)).until(() ->
        meters.counter("backchannel.trust.refusals", "reason", "announce_size").count() == 1);
    assertThat(tags("a9")).as("the oversized update was not applied").isEmpty();

    for (int i = 0; i < 100; i++) {
      push(raw, Control.update(Map.of("round", Integer.toString(i)), List.of()));
    }
    await().atMost(Duration.ofSeconds(10)).until(() ->
        meters.counter("backchannel.trust.refusals", "reason", "announce_rate").count() >= 100 - 30 - 1);
    assertThat(console.proxy(Greeter.class, Target.node("bolt", "b1")).hello("x")).isEqualTo("hello x from b1");
  }

  private Map<String, String> tags(String nodeId) {
    return console.registry().nodes(NodeSelector.anyTenant()).stream()
        .filter(node -> node.nodeId().equals(nodeId)).findFirst().map(NodeInfo::tags).orElseThrow();
  }

  private static void push(RSocket raw, Control control) {
    raw.metadataPush(ByteBufPayload.create(Unpooled.EMPTY_BUFFER, control.encode(ByteBufAllocator.DEFAULT)))
        .block(Duration.ofSeconds(10));
  }

  private RSocket rawClient(String nodeId, String tenant) {
    ByteBuf setup = new Hello(nodeId, tenant, null, Map.of(), List.of(), null)
        .toSetupMetadata(ByteBufAllocator.DEFAULT, TestAuth.token(tenant, nodeId, "node"));
    byte[] metadata = new byte[setup.readableBytes()];
    setup.readBytes(metadata);
    setup.release();
    RSocket raw = RSocketConnector.create()
        .metadataMimeType(MimeTypes.COMPOSITE)
        .dataMimeType("application/cbor")
        .setupPayload(DefaultPayload.create(new byte[0], metadata))
        .connect(TcpClientTransport.create(uri.getHost(), uri.getPort()))
        .block(Duration.ofSeconds(10));
    closer.register(raw::dispose);
    return raw;
  }
}
