package io.backchannel.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One live RSocket connection to another node, whichever side dialed. Both sides call each other
 * over it. Thread-safe.
 */
public interface Connection extends AutoCloseable {

  /** The node at the other end. */
  NodeInfo remote();

  /** A proxy whose calls go over this connection only; they fail with {@link io.backchannel.ConnectionLostException} once it closes. */
  <T> T proxy(Class<T> type);

  /**
   * The nodes the other end, as a hub, lets this node see: those of its tenant (all, if this node
   * has a cross-tenant role there) matching {@code selector}.
   *
   * @throws io.backchannel.ConnectionLostException if the connection is closed
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
