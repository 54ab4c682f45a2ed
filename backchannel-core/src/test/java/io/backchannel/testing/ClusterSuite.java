package io.backchannel.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.core.cluster.ClusterStore;
import io.backchannel.core.node.Connection;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeSelector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every cluster store must give a console cluster ({@code docs/cluster.md}), run by each
 * store's tests: consoles are real peers listening on loopback, sidecars real peers dialing them,
 * all in this JVM, sharing one store given by {@link #store}.
 */
public abstract class ClusterSuite {
  /** How long any convergence may take here: generous, since the machine may be busy. */
  protected static final Duration BOUND = Duration.ofSeconds(30);
  private static final Duration TTL = Duration.ofSeconds(3);

  protected final Closer closer = new Closer();
  private final Map<Peer, String> uris = new ConcurrentHashMap<>();

  /** A new console's connection to the store that every console of this test shares. */
  protected abstract ClusterStore store();

  @AfterEach
  void closeAll() {
    closer.close();
  }

  @Test
  void twoConsolesEachListTheOthersSessionsMarkedWithTheirHolder() {
    Peer a = console("console-a", store(), TTL);
    Peer b = console("console-b", store(), TTL);
    sidecar("s1", "acme", a);
    sidecar("s2", "acme", b);

    await().atMost(BOUND).until(() -> find(a, "s2").isPresent() && find(b, "s1").isPresent()
        && a.cluster().orElseThrow().liveConsoles() == 2);
    assertThat(find(a, "s2").orElseThrow().console()).isEqualTo("console-b");
    assertThat(find(b, "s1").orElseThrow().console()).isEqualTo("console-a");
    assertThat(find(a, "s1").orElseThrow().console()).as("a node held here is marked as such").isNull();
  }

  @Test
  void aSessionThatClosesIsWithdrawnFromEveryConsole() {
    Peer a = console("console-a", store(), TTL);
    Peer b = console("console-b", store(), TTL);
    Peer s1 = sidecar("s1", "acme", a);
    await().atMost(BOUND).until(() -> find(b, "s1").isPresent());

    s1.close();

    await().atMost(BOUND).until(() -> find(b, "s1").isEmpty());
  }

  @Test
  void aConsoleThatStopsHeartbeatingHasItsNodesExpire() {
    SeveredStore aStore = new SeveredStore(store());
    Peer a = console("console-a", aStore, Duration.ofSeconds(2));
    Peer b = console("console-b", store(), Duration.ofSeconds(2));
    sidecar("s1", "acme", a);
    await().atMost(BOUND).until(() -> find(b, "s1").isPresent());

    aStore.sever(); // console-a neither heartbeats nor withdraws any more, as if it had crashed

    await().atMost(BOUND).until(() -> find(b, "s1").isEmpty() && b.cluster().orElseThrow().liveConsoles() == 1);
    assertThat(b.cluster().orElseThrow().healthy()).isTrue();
  }

  @Test
  void aNodeThatMovedIsListedOnceWithItsNewestHolder() {
    Peer a = console("console-a", store(), TTL);
    Peer b = console("console-b", store(), TTL);
    Peer c = console("console-c", store(), TTL);
    Peer s1 = sidecar("s1", "acme", a);
    await().atMost(BOUND).until(() -> holder(c, "s1").equals(List.of("console-a"))
        && find(b, "s1").isPresent());

    // s1 reaches console-b while its session on console-a still stands: both hold it for a while.
    closer.register(s1.dial(uri(b)));

    await().atMost(BOUND).until(() -> holder(c, "s1").equals(List.of("console-b")));
    assertThat(holder(a, "s1")).as("console-a lists the session it holds").containsExactly((String) null);
  }

  @Test
  void aTenantNeverSeesAnotherTenantsNodesThroughTheMergedView() {
    Peer a = console("console-a", store(), TTL);
    Peer b = console("console-b", store(), TTL);
    sidecar("a1", "acme", a);
    Peer b1 = sidecar("b1", "bolt", b);
    Peer a2 = sidecar("a2", "acme", b);
    await().atMost(BOUND).until(() -> find(b, "a1").isPresent());

    Connection boltHub = b1.connection("console-b").orElseThrow();
    Connection acmeHub = a2.connection("console-b").orElseThrow();
    assertThat(ids(acmeHub.listNodes(NodeSelector.any())))
        .as("a node of acme sees acme's nodes of every console").containsExactlyInAnyOrder("a1", "a2");
    assertThat(ids(boltHub.listNodes(NodeSelector.any()))).containsExactly("b1");
    assertThat(boltHub.listNodes(NodeSelector.any().withTenant("acme"))).isEmpty();
    assertThat(boltHub.listNodes(NodeSelector.anyTenant())).extracting(NodeInfo::tenant).containsOnly("bolt");
  }

  /** A console of this cluster, listening on loopback. */
  protected Peer console(String nodeId, ClusterStore store, Duration ttl) {
    Peer console = closer.register(Peer.builder().nodeId(nodeId).authenticator(TestAuth.authenticator())
        .cluster(store, ttl).build());
    uris.put(console, console.listen("tcp://127.0.0.1:0").uri().toString());
    return console;
  }

  /** A sidecar of {@code tenant} connected to {@code console}. */
  protected Peer sidecar(String nodeId, String tenant, Peer console) {
    Peer sidecar = closer.register(Peer.builder().nodeId(nodeId).tenant(tenant)
        .credential(TestAuth.token(tenant, nodeId, "node")).export(Greeter.class, new GreeterImpl(nodeId)).build());
    sidecar.dial(uri(console));
    return sidecar;
  }

  private String uri(Peer console) {
    return uris.get(console);
  }

  /** The node {@code nodeId} as {@code console} lists it, if it does. */
  protected static Optional<NodeInfo> find(Peer console, String nodeId) {
    return console.registry().nodes(NodeSelector.anyTenant()).stream()
        .filter(node -> node.nodeId().equals(nodeId)).findFirst();
  }

  /** The holder of each listing of {@code nodeId} on {@code console} (null: held there). */
  private static List<String> holder(Peer console, String nodeId) {
    return console.registry().nodes(NodeSelector.anyTenant()).stream()
        .filter(node -> node.nodeId().equals(nodeId)).map(NodeInfo::console).toList();
  }

  private static List<String> ids(List<NodeInfo> nodes) {
    return nodes.stream().map(NodeInfo::nodeId).toList();
  }
}
