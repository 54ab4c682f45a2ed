package io.backchannel.testing;

import io.backchannel.core.Peer;
import io.backchannel.core.PeerBuilder;
import io.backchannel.core.cluster.ClusterStore;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeSelector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Consoles of one cluster and their sidecars, all real peers in this JVM on loopback; closes them
 * all. Each console gets its own store connection, from the test.
 */
public final class TestCluster implements AutoCloseable {
  /** How long any convergence may take here: generous, since the machine may be busy. */
  public static final Duration BOUND = Duration.ofSeconds(30);

  private final Closer closer = new Closer();
  private final Map<Peer, String> uris = new ConcurrentHashMap<>();

  /** A console of this cluster on {@code store}, listening on loopback. */
  public Peer console(String nodeId, ClusterStore store, Duration ttl) {
    return console(nodeId, store, ttl, builder -> builder);
  }

  /** A console of this cluster on {@code store}, listening on loopback, with more of {@code options}. */
  public Peer console(String nodeId, ClusterStore store, Duration ttl, UnaryOperator<PeerBuilder> options) {
    Peer console = closer.register(options.apply(Peer.builder().nodeId(nodeId).authenticator(TestAuth.authenticator())
        .cluster(store, ttl)).build());
    uris.put(console, console.listen("tcp://127.0.0.1:0").uri().toString());
    return console;
  }

  /** A sidecar of {@code tenant} connected to {@code console}. */
  public Peer sidecar(String nodeId, String tenant, Peer console) {
    Peer sidecar = closer.register(Peer.builder().nodeId(nodeId).tenant(tenant)
        .credential(TestAuth.token(tenant, nodeId, "node")).export(Greeter.class, new GreeterImpl(nodeId)).build());
    sidecar.dial(uri(console));
    return sidecar;
  }

  /** Where {@code console} listens. */
  public String uri(Peer console) {
    return uris.get(console);
  }

  /** Closes {@code resource} with the cluster. */
  public <T extends AutoCloseable> T register(T resource) {
    return closer.register(resource);
  }

  /** The node {@code nodeId} as {@code console} lists it, if it does. */
  public static Optional<NodeInfo> find(Peer console, String nodeId) {
    return console.registry().nodes(NodeSelector.anyTenant()).stream()
        .filter(node -> node.nodeId().equals(nodeId)).findFirst();
  }

  /** The holder of each listing of {@code nodeId} on {@code console} (null: held there). */
  public static List<String> holders(Peer console, String nodeId) {
    return console.registry().nodes(NodeSelector.anyTenant()).stream()
        .filter(node -> node.nodeId().equals(nodeId)).map(NodeInfo::console).toList();
  }

  @Override
  public void close() {
    closer.close();
  }
}
