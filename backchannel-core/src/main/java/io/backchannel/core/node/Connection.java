package io.backchannel.core.node;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One live RSocket connection to another node, whichever side dialed. Both sides call each other
 * over it. Thread-safe.
 */
public interface Connection extends AutoCloseable {

  /** The node at the other end. */
  NodeInfo remote();

  /**
   * A proxy whose calls go over this connection only. Once it closes, new calls fail with {@link
   * io.backchannel.NotConnectedException}; calls in flight when it closes fail with {@link
   * io.backchannel.ConnectionLostException}. A {@code CallOptions} target does not apply to it: a
   * call made inside such a block fails with {@link IllegalStateException}. Prefer {@link
   * Link#proxy} for a connection this peer keeps up.
   */
  <T> T proxy(Class<T> type);

  /**
   * The nodes the other end, as a hub, lets this node see: those of its tenant (all, if this node
   * has a cross-tenant role there) matching {@code selector}.
   *
   * @throws io.backchannel.NotConnectedException if the connection is closed
   */
  List<NodeInfo> listNodes(NodeSelector selector);

  /** Whether the connection is still open. */
  boolean isOpen();

  /** Completes when the connection has closed, for any reason. */
  CompletableFuture<Void> onClose();

  /** Closes the connection; in-flight calls on it fail with {@link io.backchannel.ConnectionLostException}. */
  @Override
  void close();
}
