package io.backchannel.cli.node;

import io.backchannel.cli.echo.EchoHandler;
import io.backchannel.cli.echo.EchoService;
import io.backchannel.core.Peer;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeSelector;
import io.backchannel.core.node.Target;
import io.backchannel.core.auth.Authenticator;
import java.net.URI;
import java.util.function.Consumer;

/**
 * A running console: a peer that listens, exports {@link ConsoleApi} and {@link EchoService}, and
 * calls sidecars by node id once they have dialed in. Thread-safe.
 */
public final class ConsoleNode implements AutoCloseable {
  /** The console's node id; sidecars see it in the hello. */
  public static final String NODE_ID = "console";

  private final Peer peer;
  private final ConsoleService service;
  private final URI uri;

  private ConsoleNode(Peer peer, ConsoleService service, URI uri) {
    this.peer = peer;
    this.service = service;
    this.uri = uri;
  }

  /**
   * Starts a console listening on {@code listenUri} (port 0 picks a free port).
   *
   * @param authenticator decides which sidecars may connect
   * @param onRegister runs on a handler thread for each sidecar that registers
   * @throws IllegalStateException if it cannot listen there
   */
  public static ConsoleNode listen(String listenUri, Authenticator authenticator, Consumer<Registration> onRegister) {
    ConsoleService service = new ConsoleService(onRegister);
    Peer peer = Peer.builder()
        .nodeId(NODE_ID)
        .role("console")
        .authenticator(authenticator)
        .slowCallThreshold(Nodes.SLOW_CALL)
        .export(ConsoleApi.class, service)
        .export(EchoService.class, new EchoHandler())
        .build();
    try {
      return new ConsoleNode(peer, service, peer.listen(listenUri).uri());
    } catch (RuntimeException e) {
      peer.close();
      throw e;
    }
  }

  /** The URI sidecars dial, with the real port. */
  public URI uri() {
    return uri;
  }

  public Peer peer() {
    return peer;
  }

  /** What the console's {@link ConsoleApi} has served. */
  public ConsoleService service() {
    return service;
  }

  /**
   * A proxy of the sidecar {@code nodeId} in the tenant of the node connected with that id when
   * the proxy is made (so take a new proxy after a node may have changed hands); the node itself
   * is resolved at each call, and a call fails with NoRouteException while no such node of that
   * tenant is connected.
   */
  public SidecarApi sidecar(String nodeId) {
    // The console serves every tenant: it names the node's tenant, as a hub must.
    String tenant = peer.registry().nodes(NodeSelector.anyTenant()).stream()
        .filter(node -> node.nodeId().equals(nodeId)).map(NodeInfo::tenant).findFirst().orElse(null);
    return peer.proxy(SidecarApi.class, tenant == null ? Target.node(nodeId) : Target.node(tenant, nodeId));
  }

  /**
   * Leaves gracefully ({@code Peer.leave}): refuses new sidecars, asks those connected to move to
   * another console, lets calls finish for at most {@code grace}, then closes.
   */
  public void leave(java.time.Duration grace) {
    peer.leave(grace);
  }

  @Override
  public void close() {
    peer.close();
  }
}
