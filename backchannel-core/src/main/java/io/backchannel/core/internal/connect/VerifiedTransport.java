package io.backchannel.core.internal.connect;

import io.backchannel.core.auth.Principal;
import io.backchannel.core.internal.session.Session;
import io.backchannel.core.node.NodeInfo;
import io.rsocket.DuplexConnection;
import io.rsocket.transport.ClientTransport;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The transport of one dial, letting a connection through to SETUP only once its listener is
 * proven by its certificate, so this node's hello and credential reach no other listener. The
 * first connection fixes who the dial reached; any later one (RSocket resumption reconnects
 * through the same transport) must prove the same principal. Thread-safe.
 */
final class VerifiedTransport implements ClientTransport {
  private final ClientTransport delegate;
  private final ListenerVerifier verifier;
  private final String uri;
  private final Scheduler workers;
  private volatile ListenerVerifier.@Nullable Proof proof;

  VerifiedTransport(ClientTransport delegate, ListenerVerifier verifier, String uri, Scheduler workers) {
    this.delegate = delegate;
    this.verifier = verifier;
    this.uri = uri;
    this.workers = workers;
  }

  @Override
  public int maxFrameLength() {
    return delegate.maxFrameLength();
  }

  @Override
  public Mono<DuplexConnection> connect() {
    return delegate.connect().flatMap(connection -> Mono.fromCallable(() -> admit(connection))
        // The mapping is the application's: off the event loop that delivered the connection.
        .subscribeOn(workers)
        .doOnError(error -> connection.dispose())
        .doOnCancel(connection::dispose));
  }

  private DuplexConnection admit(DuplexConnection connection) {
    ListenerVerifier.Proof now = verifier.prove(connection, uri);
    synchronized (this) {
      ListenerVerifier.Proof first = proof;
      if (first == null) {
        proof = now;
      } else if (!first.principal().sameIdentity(now.principal())) {
        throw verifier.refuse("listener_changed", "the node at " + uri + " now presents certificate "
            + now.certificate().name() + " for " + describe(now.principal()) + ", but this connection was made to "
            + describe(first.principal()));
      }
    }
    return connection;
  }

  /**
   * The dialed node as its certificate proves it, with the labels of its hello ({@code claimed}):
   * the hello must claim the very node id, tenant and role the certificate maps to.
   *
   * @throws io.backchannel.PeerRejectedException if it claims anything else
   */
  NodeInfo identify(NodeInfo claimed) {
    ListenerVerifier.Proof proven = proven();
    Principal principal = proven.principal();
    StringBuilder differs = new StringBuilder();
    differ(differs, "node id", claimed.nodeId(), principal.nodeId());
    differ(differs, "tenant", claimed.tenant(), principal.tenant());
    differ(differs, "role", claimed.role(), principal.role());
    if (!differs.isEmpty()) {
      // What the listener claimed is not echoed: its words reach logs, and they were not proven.
      throw verifier.refuse("listener_claim_mismatch", "the node at " + uri + " presented certificate "
          + proven.certificate().name() + " for " + describe(principal) + ", but its hello claims another " + differs);
    }
    return new NodeInfo(principal.nodeId(), principal.tenant(), principal.role(), claimed.tags(), claimed.services(),
        claimed.version());
  }

  /** Closes {@code session}, the dial's, when its proven principal expires; returns that principal. */
  Principal closeAtExpiry(Session session) {
    Principal principal = proven().principal();
    verifier.closeAtExpiry(session, principal);
    return principal;
  }

  private ListenerVerifier.Proof proven() {
    return Objects.requireNonNull(proof, "the dial has not connected");
  }

  private static void differ(StringBuilder differs, String field, String claimed, String proven) {
    if (!claimed.equals(proven)) {
      differs.append(differs.isEmpty() ? "" : ", ").append(field);
    }
  }

  private static String describe(Principal principal) {
    return "node '" + principal.nodeId() + "' of tenant '" + principal.tenant() + "' as '" + principal.role() + "'";
  }
}
