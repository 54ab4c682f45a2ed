package io.backchannel.spring.boot.internal.actuate;

import io.backchannel.core.Peer;
import io.backchannel.core.node.NodeInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/** {@code /actuator/backchannel}: this node and the nodes of its registry, connected now. */
@Endpoint(id = "backchannel")
public final class BackchannelEndpoint {
  private final Peer peer;

  public BackchannelEndpoint(Peer peer) {
    this.peer = peer;
  }

  @ReadOperation
  public Nodes nodes() {
    List<Node> nodes = peer.registry().nodes().stream()
        .sorted(Comparator.comparing(NodeInfo::tenant).thenComparing(NodeInfo::nodeId))
        .map(info -> Node.of(info, peer.registry().isDraining(info.nodeId())))
        .toList();
    return new Nodes(Node.of(peer.node(), false), nodes);
  }

  /** The endpoint's answer. */
  public record Nodes(Node self, List<Node> connected) {}

  /** One node as the endpoint shows it. */
  public record Node(String nodeId, String tenant, String role, Map<String, String> tags, List<String> services,
      @Nullable String version, boolean draining) {
    static Node of(NodeInfo info, boolean draining) {
      return new Node(info.nodeId(), info.tenant(), info.role(), info.tags(), info.services(), info.version(), draining);
    }
  }
}
