package io.backchannel.core.internal.session;

import io.backchannel.core.auth.AuthenticationException;
import io.backchannel.core.auth.AuthenticationRequest;
import io.backchannel.core.auth.Authenticator;
import io.backchannel.core.auth.Principal;
import io.backchannel.core.codec.Codec;
import io.backchannel.core.internal.metrics.PeerMetrics;
import io.backchannel.core.internal.wire.Hello;
import io.backchannel.core.internal.wire.MimeTypes;
import io.backchannel.core.internal.wire.WireText;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.transport.Admission;
import io.backchannel.core.transport.TlsIdentity;
import io.rsocket.ConnectionSetupPayload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.exceptions.RejectedSetupException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Admits connecting nodes: checks the codec and metadata type, reads the hello and bearer token
 * from SETUP, asks the {@link Authenticator} on a worker thread, and registers the session. A
 * refused node gets REJECTED_SETUP with the reason and never reaches the registry or a handler.
 */
public final class SetupAcceptor implements SocketAcceptor {
  /** A stable, documented name: operators route admissions and refusals by it. */
  private static final Logger LOG = LoggerFactory.getLogger("io.backchannel.auth");

  private final String ownNodeId;
  private final Map<String, Codec> codecs;
  private final Authenticator authenticator;
  private final Scheduler workers;
  private final SessionFactory sessions;
  private final RemoteNodeIds remoteIds;
  private final PeerMetrics metrics;
  private final BooleanSupplier closing;
  private final CredentialWatch credentials;

  /**
   * @param remoteIds the node ids held beyond this peer (by other consoles of its cluster)
   * @param credentialRecheck how often each session's credential is checked again
   * @param closing whether the peer is closing, so that new nodes are refused
   */
  public SetupAcceptor(String ownNodeId, Map<String, Codec> codecs, Authenticator authenticator, Scheduler workers,
      SessionFactory sessions, RemoteNodeIds remoteIds, PeerMetrics metrics, Duration credentialRecheck,
      BooleanSupplier closing) {
    this.ownNodeId = ownNodeId;
    this.codecs = Map.copyOf(codecs);
    this.authenticator = authenticator;
    this.workers = workers;
    this.sessions = sessions;
    this.remoteIds = remoteIds;
    this.metrics = metrics;
    this.closing = closing;
    this.credentials = new CredentialWatch(ownNodeId, authenticator, credentialRecheck, workers, metrics);
  }

  /** This acceptor for the connections of one listener, whose transport asks {@code streamPrefetch} stream items ahead. */
  public SocketAcceptor forListener(int streamPrefetch) {
    return (setup, sendingSocket) -> accept(setup, sendingSocket, streamPrefetch);
  }

  @Override
  public Mono<RSocket> accept(ConnectionSetupPayload setup, RSocket sendingSocket) {
    return accept(setup, sendingSocket, io.backchannel.core.transport.TransportFactory.DEFAULT_STREAM_PREFETCH);
  }

  private Mono<RSocket> accept(ConnectionSetupPayload setup, RSocket sendingSocket, int streamPrefetch) {
    if (closing.getAsBoolean()) {
      return reject("node " + ownNodeId + " is shutting down", "?");
    }
    Codec codec = codecs.get(setup.dataMimeType());
    if (codec == null) {
      return reject("unsupported data MIME type '" + setup.dataMimeType() + "'; node " + ownNodeId
          + " accepts " + codecs.keySet(), "?");
    }
    if (!MimeTypes.COMPOSITE.equals(setup.metadataMimeType())) {
      return reject("metadata MIME type must be " + MimeTypes.COMPOSITE + ", was '" + setup.metadataMimeType() + "'", "?");
    }
    Handshake.Claim claim;
    try {
      claim = Handshake.readSetup(setup.sliceMetadata());
    } catch (IllegalArgumentException e) {
      return reject(String.valueOf(e.getMessage()), "?");
    }
    @Nullable Hello hello = claim.hello();
    String claimedId = hello == null ? "?" : hello.nodeId();
    // The TLS listeners put the verified client certificate in the accept chain's context.
    return Mono.deferContextual(context -> Mono.just(new AuthenticationRequest(
            hello == null ? null : hello.nodeId(), hello == null ? null : hello.tenant(),
            hello == null ? null : hello.role(), claim.token(), TlsIdentity.from(context).orElse(null))))
        .publishOn(workers)
        .flatMap(request -> Mono.fromCallable(() -> authenticateUnchecked(request))
            .onErrorResume(e -> reject(refusalReason(Exceptions.unwrap(e), claimedId), claimedId).then(Mono.empty()))
            .flatMap(principal -> admitOrRefuse(principal, request, hello, codec, sendingSocket, streamPrefetch)))
        .switchIfEmpty(Mono.error(() -> new RejectedSetupException("node " + claimedId + " was refused")));
  }

  /**
   * The reason sent to a refused node: an {@link AuthenticationException}'s own message, never the
   * text of anything else an authenticator threw (it may carry internals); that is logged here.
   */
  private String refusalReason(Throwable error, String nodeId) {
    if (error instanceof AuthenticationException) {
      return String.valueOf(error.getMessage());
    }
    LOG.error("node {}: the authenticator failed on node {}", ownNodeId, nodeId, error);
    return "authentication failed";
  }

  private Principal authenticateUnchecked(AuthenticationRequest request) {
    try {
      return authenticator.authenticate(request);
    } catch (AuthenticationException e) {
      throw Exceptions.propagate(e);
    }
  }

  private Mono<RSocket> admitOrRefuse(Principal principal, AuthenticationRequest request, @Nullable Hello hello,
      Codec codec, RSocket sendingSocket, int streamPrefetch) {
    // One node id, one tenant: here, and in a cluster on every console (the same tenant may move).
    if (sessions.registry().heldByOtherTenant(principal.nodeId(), principal.tenant())
        || remoteIds.heldByOtherTenant(principal.nodeId(), principal.tenant())) {
      return reject("node id '" + principal.nodeId() + "' is not available", principal.nodeId());
    }
    String oversize = sessions.control().oversize(
        hello == null || hello.tags() == null ? Map.of() : hello.tags(),
        hello == null || hello.services() == null ? List.of() : hello.services());
    if (oversize != null) {
      return reject("node " + principal.nodeId() + " announces " + oversize, principal.nodeId());
    }
    NodeInfo remote = new NodeInfo(
        principal.nodeId(), principal.tenant(), principal.role(),
        hello == null || hello.tags() == null ? Map.of() : hello.tags(),
        hello == null || hello.services() == null ? List.of() : hello.services(),
        hello == null ? null : hello.version());
    Session session = sessions.create(codec, remote, false, streamPrefetch);
    session.attach(sendingSocket);
    if (!sessions.register(session)) {
      return Mono.error(new RejectedSetupException("node " + remote.nodeId() + " cannot join now"));
    }
    credentials.watch(session, principal, request);
    LOG.info("node {} accepted node {} of tenant {} as {} ({})",
        ownNodeId, remote.nodeId(), remote.tenant(), remote.role(), codec.mimeType());
    // Lift the listener's pre-authentication limits before the first response can go out.
    return Mono.deferContextual(context -> {
      Admission.from(context).ifPresent(Admission::admitted);
      return Mono.just(sessions.dispatcher(session));
    });
  }

  private <T> Mono<T> reject(String reason, String nodeId) {
    metrics.authenticationFailed();
    // The node id and the reason may quote what a stranger sent: no line of theirs reaches the log as is.
    LOG.warn("node {} refused node {}: {}", ownNodeId, WireText.printable(nodeId, WireText.MAX_ROUTE),
        WireText.printable(reason, 1_024));
    return Mono.error(new RejectedSetupException(reason));
  }
}
