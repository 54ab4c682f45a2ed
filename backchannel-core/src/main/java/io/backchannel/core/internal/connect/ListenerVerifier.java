package io.backchannel.core.internal.connect;

import io.backchannel.PeerRejectedException;
import io.backchannel.core.auth.Principal;
import io.backchannel.core.internal.metrics.PeerMetrics;
import io.backchannel.core.internal.session.Session;
import io.backchannel.core.internal.transport.CertifiedConnection;
import io.backchannel.core.transport.TlsIdentity;
import io.rsocket.DuplexConnection;
import io.rsocket.transport.ClientTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Proves whom this peer dials by the listener's TLS certificate ({@code
 * PeerBuilder.verifyListeners}): maps the certificate to a {@link Principal}, or refuses the
 * listener with a {@link PeerRejectedException} that is counted in {@code
 * backchannel.trust.refusals} and logged by {@code io.backchannel.auth}. Thread-safe if the
 * mapping is.
 */
public final class ListenerVerifier {
  /** The logger operators route admissions and refusals by (as the listening side's). */
  private static final Logger LOG = LoggerFactory.getLogger("io.backchannel.auth");

  private final String ownNodeId;
  private final Function<TlsIdentity, Optional<Principal>> principals;
  private final Scheduler workers;
  private final PeerMetrics metrics;

  /** @param workers where the mapping runs: it is the application's, and may block briefly */
  public ListenerVerifier(String ownNodeId, Function<TlsIdentity, Optional<Principal>> principals, Scheduler workers,
      PeerMetrics metrics) {
    this.ownNodeId = ownNodeId;
    this.principals = principals;
    this.workers = workers;
    this.metrics = metrics;
  }

  /** {@code transport} for one dial of {@code uri} (shown redacted), letting through only verified listeners. */
  VerifiedTransport transport(ClientTransport transport, String uri) {
    return new VerifiedTransport(transport, this, uri, workers);
  }

  /** Who the listener at the other end of {@code connection} is, as its certificate proves it. */
  Proof prove(DuplexConnection connection, String uri) {
    TlsIdentity certificate = CertifiedConnection.certificate(connection).orElseThrow(() -> refuse(
        "listener_no_certificate", "the node at " + uri + " presented no TLS certificate, and this node verifies every"
            + " node it dials by its certificate (PeerBuilder.verifyListeners): dial it over tcp+tls:// or wss://"));
    Optional<Principal> principal;
    try {
      principal = principals.apply(certificate);
    } catch (RuntimeException e) {
      LOG.error("node {}: the listener certificate mapping failed on {} at {}", ownNodeId, certificate.name(), uri, e);
      throw refuse("listener_certificate_refused", "the certificate of the node at " + uri + " could not be verified");
    }
    return new Proof(certificate, principal.orElseThrow(() -> refuse("listener_certificate_refused",
        "the node at " + uri + " presented certificate " + certificate.name() + ", which this node does not accept")));
  }

  /**
   * Closes {@code session}, whose listener was proven as {@code principal}, when the principal
   * expires (a mapping may bound it by the certificate's {@code notAfter}), as a listening peer
   * does with the nodes it admitted. A {@code Peer.connect} link then dials, and verifies, again.
   */
  void closeAtExpiry(Session session, Principal principal) {
    Instant expiresAt = principal.expiresAt();
    if (expiresAt == null) {
      return;
    }
    Duration left = Duration.between(Instant.now(), expiresAt);
    Disposable timer = Mono.delay(left.isNegative() ? Duration.ZERO : left, Schedulers.parallel()).subscribe(tick -> {
      if (session.isOpen()) {
        metrics.credentialEnded("credential_expired");
        LOG.warn("node {} closes its connection to node {} of tenant {}: its certificate's identity expired at {}",
            ownNodeId, principal.nodeId(), principal.tenant(), expiresAt);
        session.close();
      }
    });
    session.onClose().whenComplete((ignored, error) -> timer.dispose());
  }

  /** Counts and logs a refused listener, and the exception that reports it. */
  PeerRejectedException refuse(String reason, String message) {
    metrics.refused(reason);
    LOG.warn("node {} refused the node it dialed: {}", ownNodeId, message);
    return new PeerRejectedException(message, null, null);
  }

  /** A listener's verified certificate and the principal it maps to. */
  record Proof(TlsIdentity certificate, Principal principal) {}
}
