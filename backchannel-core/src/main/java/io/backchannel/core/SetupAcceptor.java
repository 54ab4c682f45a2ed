package io.backchannel.core;

import io.backchannel.core.auth.AuthenticationException;
import io.backchannel.core.auth.AuthenticationRequest;
import io.backchannel.core.auth.Authenticator;
import io.backchannel.core.auth.Principal;
import io.backchannel.core.codec.Codec;
import io.backchannel.core.internal.wire.Hello;
import io.backchannel.core.internal.wire.MimeTypes;
import io.backchannel.core.transport.TlsIdentity;
import io.rsocket.ConnectionSetupPayload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.exceptions.RejectedSetupException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Admits connecting nodes: checks the codec and metadata type, reads the hello and bearer token
 * from SETUP, asks the {@link Authenticator} on a worker thread, and registers the session. A
 * refused node gets REJECTED_SETUP with the reason and never reaches the registry or a handler.
 */
final class SetupAcceptor implements SocketAcceptor {
  private static final Logger LOG = LoggerFactory.getLogger(SetupAcceptor.class);

  private final Peer peer;
  private final Map<String, Codec> codecs;
  private final Authenticator authenticator;
  private final Scheduler workers;

  SetupAcceptor(Peer peer, Map<String, Codec> codecs, Authenticator authenticator, Scheduler workers) {
    this.peer = peer;
    this.codecs = codecs;
    this.authenticator = authenticator;
    this.workers = workers;
  }

  @Override
  public Mono<RSocket> accept(ConnectionSetupPayload setup, RSocket sendingSocket) {
    if (peer.isClosed()) {
      return reject("node " + peer.node().nodeId() + " is shutting down", "?");
    }
    Codec codec = codecs.get(setup.dataMimeType());
    if (codec == null) {
      return reject("unsupported data MIME type '" + setup.dataMimeType() + "'; node " + peer.node().nodeId()
          + " accepts " + codecs.keySet(), "?");
    }
    if (!MimeTypes.COMPOSITE.equals(setup.metadataMimeType())) {
      return reject("metadata MIME type must be " + MimeTypes.COMPOSITE + ", was '" + setup.metadataMimeType() + "'", "?");
    }
    Hello hello;
    String token;
    try {
      hello = Hello.fromSetupMetadata(setup.sliceMetadata());
      token = Hello.bearerToken(setup.sliceMetadata());
    } catch (IllegalArgumentException e) {
      return reject(Objects.requireNonNullElse(e.getMessage(), "malformed setup metadata"), "?");
    }
    Hello claimed = hello != null ? hello
        : new Hello("anonymous-" + UUID.randomUUID().toString().substring(0, 8), null, null, null, null, null);
    // The TLS listeners put the verified client certificate in the accept chain's context.
    return Mono.deferContextual(context -> Mono.just(new AuthenticationRequest(
            claimed.nodeId(), claimed.tenant(), claimed.role(), token, TlsIdentity.from(context).orElse(null))))
        .publishOn(workers)
        .map(request -> authenticateUnchecked(request))
        .onErrorResume(e -> reactor.core.Exceptions.unwrap(e) instanceof AuthenticationException,
            e -> reject(Objects.requireNonNullElse(reactor.core.Exceptions.unwrap(e).getMessage(), "authentication failed"), claimed.nodeId()).then(Mono.empty()))
        .flatMap(principal -> admitOrRefuse(principal, claimed, codec, sendingSocket))
        .switchIfEmpty(Mono.error(() -> new RejectedSetupException("node " + claimed.nodeId() + " was refused")));
  }

  private Principal authenticateUnchecked(AuthenticationRequest request) {
    try {
      return authenticator.authenticate(request);
    } catch (AuthenticationException e) {
      throw reactor.core.Exceptions.propagate(e);
    }
  }

  private Mono<RSocket> admitOrRefuse(Principal principal, Hello hello, Codec codec, RSocket sendingSocket) {
    if (peer.sessions().heldByOtherTenant(principal.nodeId(), principal.tenant())) {
      return reject("node id '" + principal.nodeId() + "' is not available", principal.nodeId());
    }
    return Mono.just(admit(principal, hello, codec, sendingSocket));
  }

  private RSocket admit(Principal principal, Hello hello, Codec codec, RSocket sendingSocket) {
    NodeInfo remote = new NodeInfo(
        principal.nodeId(), principal.tenant(), principal.role(),
        hello.tags() == null ? Map.of() : hello.tags(),
        hello.services() == null ? List.of() : hello.services(),
        hello.version());
    PeerConnection connection = peer.newSession(codec, remote, false);
    connection.attach(sendingSocket);
    if (!peer.sessions().register(connection)) {
      throw new RejectedSetupException("node " + remote.nodeId() + " cannot join now");
    }
    LOG.info("node {} accepted node {} of tenant {} as {} ({})",
        peer.node().nodeId(), remote.nodeId(), remote.tenant(), remote.role(), codec.mimeType());
    return peer.dispatcher(connection);
  }

  private <T> Mono<T> reject(String reason, String nodeId) {
    peer.metrics().authenticationFailed();
    LOG.warn("node {} refused node {}: {}", peer.node().nodeId(), nodeId, reason);
    return Mono.error(new RejectedSetupException(reason));
  }
}
