package io.backchannel.core.session;

import io.backchannel.testing.Closer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backchannel.NoRouteException;
import io.backchannel.core.node.Connection;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeSelector;
import io.backchannel.core.Peer;
import io.backchannel.core.node.Target;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nodes reach each other through their hub (the console), which relays calls only within a
 * tenant unless it granted the caller a cross-tenant role.
 */
class TenantIsolationTest {
  private final Closer closer = new Closer();
  private Peer console;
  private String uri;
  private final List<Peer> nodes = new ArrayList<>();
  private final Map<String, GreeterImpl> greeters = new java.util.HashMap<>();
  private final Map<String, Connection> hubs = new java.util.HashMap<>();

  @BeforeEach
  void connect() {
    console = closer.register(Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
        .crossTenantRole("operator").build());
    uri = console.listen("tcp://127.0.0.1:0").uri().toString();
    join("a1", "acme", "node");
    join("a2", "acme", "node");
    join("b1", "bolt", "node");
    join("ops", "ops", "operator");
  }

  @AfterEach
  void close() {
    closer.close();
  }

  private void join(String nodeId, String tenant, String role) {
    GreeterImpl greeter = new GreeterImpl(nodeId);
    Peer peer = Peer.builder().nodeId(nodeId).tenant(tenant).role(role).hub("console")
        .credential(TestAuth.token(tenant, nodeId, role))
        .export(Greeter.class, greeter).build();
    greeter.peer = peer;
    closer.register(peer);
    nodes.add(peer);
    greeters.put(nodeId, greeter);
    hubs.put(nodeId, peer.dial(uri));
  }

  private Greeter from(String caller, String target) {
    return nodes.stream().filter(p -> p.node().nodeId().equals(caller)).findFirst().orElseThrow()
        .proxy(Greeter.class, Target.node(target));
  }

  @Test
  void nodesOfOneTenantCallEachOtherThroughTheHub() {
    assertThat(from("a1", "a2").hello("x")).isEqualTo("hello x from a2");
    assertThat(from("a2", "a1").context().get(3)).as("the callee sees the real caller").isEqualTo("a2");
  }

  @Test
  void anotherTenantCannotCallEvenByGuessingANodeId() {
    assertThatThrownBy(() -> from("b1", "a1").hello("x"))
        .isInstanceOf(NoRouteException.class)
        .hasMessageContaining("no route to node 'a1'");
    assertThatThrownBy(() -> from("b1", "no-such-node").hello("x"))
        .isInstanceOf(NoRouteException.class)
        .hasMessageContaining("no route to node 'no-such-node'");
    assertThat(greeters.get("a1").handlerThreads).as("a1 never received the call").isEmpty();
  }

  @Test
  void theErrorDoesNotRevealWhetherTheNodeExists() {
    String existing = message(() -> from("b1", "a1").hello("x")).replace("'a1'", "'?'");
    String missing = message(() -> from("b1", "zz").hello("x")).replace("'zz'", "'?'");
    assertThat(existing.replaceAll("\\[request [0-9a-f]+]", "")).isEqualTo(missing.replaceAll("\\[request [0-9a-f]+]", ""));
  }

  @Test
  void aNodeListsOnlyItsOwnTenant() {
    assertThat(ids(hubs.get("b1").listNodes(NodeSelector.any()))).containsExactly("b1");
    assertThat(ids(hubs.get("a1").listNodes(NodeSelector.any()))).containsExactlyInAnyOrder("a1", "a2");
    assertThat(hubs.get("b1").listNodes(NodeSelector.any().withTenant("acme"))).isEmpty();
  }

  @Test
  void aCrossTenantRoleReachesEveryTenant() {
    assertThat(from("ops", "a1").hello("x")).isEqualTo("hello x from a1");
    assertThat(from("ops", "b1").hello("x")).isEqualTo("hello x from b1");
    assertThat(ids(hubs.get("ops").listNodes(NodeSelector.any()))).containsExactlyInAnyOrder("a1", "a2", "b1", "ops");
  }

  private static String message(Runnable call) {
    try {
      call.run();
      throw new AssertionError("expected a failure");
    } catch (NoRouteException e) {
      return e.getMessage();
    }
  }

  private static List<String> ids(List<NodeInfo> list) {
    return list.stream().map(NodeInfo::nodeId).toList();
  }
}
