package io.backchannel.core.session;

import org.junit.jupiter.api.BeforeEach;
import io.backchannel.testing.Closer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.node.Connection;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeSelector;
import io.backchannel.core.Peer;
import io.backchannel.core.node.RegistryListener;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import io.backchannel.testing.Unexported;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegistryTest {
  private final Queue<String> events = new ConcurrentLinkedQueue<>();
  private final Closer closer = new Closer();
  private Peer console;
  private String uri;

  @BeforeEach
  void start() {
    console = closer.register(Peer.builder().nodeId("console").authenticator(TestAuth.authenticator()).build());
    uri = console.listen("tcp://127.0.0.1:0").uri().toString();
    console.registry().addListener(new RegistryListener() {
      @Override
      public void onOnline(NodeInfo node) {
        events.add("online " + node.nodeId());
      }

      @Override
      public void onOffline(NodeInfo node) {
        events.add("offline " + node.nodeId());
      }

      @Override
      public void onUpdated(NodeInfo node) {
        events.add("updated " + node.nodeId() + " " + node.tags());
      }
    });
  }

  @AfterEach
  void close() {
    closer.close();
  }

  private Peer sidecar(String nodeId, String tenant, Map<String, String> tags, boolean greeter) {
    var builder = Peer.builder().nodeId(nodeId).credential(TestAuth.token(tenant, nodeId, "node"));
    tags.forEach(builder::tag);
    if (greeter) {
      builder.export(Greeter.class, new GreeterImpl(nodeId));
    }
    return closer.register(builder.build());
  }

  @Test
  void nodesAreListedByTenantServiceAndTag() {
    sidecar("a1", "acme", Map.of("zone", "eu"), true).dial(uri);
    sidecar("a2", "acme", Map.of("zone", "us"), false).dial(uri);
    sidecar("b1", "bolt", Map.of("zone", "eu"), true).dial(uri);

    assertThat(ids(console.registry().nodes())).containsExactlyInAnyOrder("a1", "a2", "b1");
    assertThat(ids(console.registry().nodes(NodeSelector.any().withTenant("acme")))).containsExactlyInAnyOrder("a1", "a2");
    assertThat(ids(console.registry().nodes(NodeSelector.service("Greeter")))).containsExactlyInAnyOrder("a1", "b1");
    assertThat(ids(console.registry().nodes(NodeSelector.any().withTag("zone", "eu").withTenant("bolt")))).containsExactly("b1");
    assertThat(console.connection("a2").map(io.backchannel.core.node.Connection::remote).orElseThrow().tags()).containsEntry("zone", "us");
  }

  @Test
  void listenersHearNodesComeAndGo() {
    Peer a1 = sidecar("a1", "acme", Map.of(), false);
    Connection connection = a1.dial(uri);
    await().until(() -> events.contains("online a1"));
    connection.close();
    await().until(() -> events.contains("offline a1"));
    assertThat(console.registry().nodes()).isEmpty();
  }

  @Test
  void aDuplicateNodeIdReplacesTheOlderConnection() {
    Connection older = sidecar("twin", "acme", Map.of("gen", "1"), false).dial(uri);
    sidecar("twin", "acme", Map.of("gen", "2"), false).dial(uri);
    await().until(() -> !older.isOpen());
    assertThat(console.connection("twin").map(io.backchannel.core.node.Connection::remote).orElseThrow().tags()).containsEntry("gen", "2");
    assertThat(console.registry().nodes()).hasSize(1);
    assertThat(events).doesNotContain("offline twin");
  }

  @Test
  void aNodeIdHeldByAnotherTenantIsRefusedNotEvicted() {
    Connection acme = sidecar("shared-id", "acme", Map.of(), false).dial(uri);
    assertThatThrownBy(() -> sidecar("shared-id", "bolt", Map.of(), false).dial(uri))
        .isInstanceOf(io.backchannel.PeerRejectedException.class)
        .hasMessageContaining("not available");
    assertThat(acme.isOpen()).isTrue();
    assertThat(console.connection("shared-id").map(io.backchannel.core.node.Connection::remote).orElseThrow().tenant()).isEqualTo("acme");
  }

  @Test
  void tagsAndServicesChangeWithoutReconnecting() {
    Peer a1 = sidecar("a1", "acme", Map.of("zone", "eu"), false);
    Connection connection = a1.dial(uri);
    a1.updateTags(Map.of("zone", "us"));
    await().until(() -> console.connection("a1").map(io.backchannel.core.node.Connection::remote).orElseThrow().tags().equals(Map.of("zone", "us")));
    a1.export(Unexported.class, () -> {});
    await().until(() -> console.connection("a1").map(io.backchannel.core.node.Connection::remote).orElseThrow().services().contains("Unexported"));
    assertThat(connection.isOpen()).isTrue();
    assertThat(events).contains("updated a1 {zone=us}");
  }

  private static List<String> ids(List<NodeInfo> nodes) {
    return nodes.stream().map(NodeInfo::nodeId).toList();
  }
}
