package io.backchannel.core.internal.routing;

import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeSelector;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The nodes other consoles of this console's cluster hold, that calls from here can reach through them. */
public interface RemoteNodes {
  /**
   * The listed node {@code nodeId} of {@code tenant}, or of any tenant when it is null, if its
   * console can be reached now.
   */
  @Nullable Remote locate(@Nullable String tenant, String nodeId);

  /** The listed, non-draining nodes matching {@code selector} whose consoles can be reached now. */
  List<Remote> matching(NodeSelector selector);

  /**
   * A node another console holds, and the call target that reaches it through that console.
   *
   * @param cost its least-loaded cost from here: this node's calls to it (the relay included) and
   *     the calls in flight its console last published
   */
  record Remote(NodeInfo node, double cost, boolean draining, RelayedTarget target) {}
}
