package io.backchannel.core.internal.session;

import io.backchannel.core.auth.AuthenticationException;
import io.backchannel.core.auth.AuthenticationRequest;
import io.backchannel.core.auth.Authenticator;
import io.backchannel.core.auth.Principal;
import io.backchannel.core.internal.metrics.PeerMetrics;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps an admitted session no longer than its credential: closes it when the credential expires,
 * and re-runs the authenticator on the SETUP credential periodically so that a revoked one (or one
 * that now names another identity) ends the session. A node that reconnects presents a fresh
 * credential in a fresh SETUP.
 */
final class CredentialWatch {
  private static final Logger LOG = LoggerFactory.getLogger("io.backchannel.auth");

  private final String ownNodeId;
  private final Authenticator authenticator;
  private final Duration recheck;
  private final Scheduler workers;
  private final PeerMetrics metrics;

  CredentialWatch(String ownNodeId, Authenticator authenticator, Duration recheck, Scheduler workers, PeerMetrics metrics) {
    this.ownNodeId = ownNodeId;
    this.authenticator = authenticator;
    this.recheck = recheck;
    this.workers = workers;
    this.metrics = metrics;
  }

  /** Watches {@code session}, admitted as {@code principal} for {@code request}, until it closes. */
  void watch(Session session, Principal principal, AuthenticationRequest request) {
    Disposable.Composite timers = Disposables.composite();
    Instant expiresAt = principal.expiresAt();
    if (expiresAt != null) {
      Duration left = Duration.between(Instant.now(), expiresAt);
      timers.add(Mono.delay(left.isNegative() ? Duration.ZERO : left, Schedulers.parallel())
          .subscribe(tick -> end(session, "credential_expired", "its credential expired at " + expiresAt)));
    }
    // Timers tick on a parallel thread; the authenticator may block, so it runs on a worker.
    timers.add(Flux.interval(recheck, recheck, Schedulers.parallel())
        .onBackpressureDrop()
        .concatMap(tick -> Mono.fromRunnable(() -> recheck(session, principal, request)).subscribeOn(workers), 1)
        .subscribe(null, error -> LOG.warn("credential recheck of node {} stopped", session.nodeId(), error)));
    session.onClose().whenComplete((ignored, error) -> timers.dispose());
  }

  private void recheck(Session session, Principal admitted, AuthenticationRequest request) {
    if (!session.isOpen()) {
      return;
    }
    try {
      Principal now = authenticator.authenticate(request);
      if (!now.sameIdentity(admitted)) {
        end(session, "credential_revoked", "its credential now names another identity");
      }
    } catch (AuthenticationException e) {
      end(session, "credential_revoked", "its credential is no longer accepted: " + e.getMessage());
    } catch (RuntimeException e) {
      // A failing authenticator (its store unreachable) is not a verdict: try again next time.
      LOG.warn("node {} could not recheck the credential of node {}", ownNodeId, session.nodeId(), e);
    }
  }

  private void end(Session session, String reason, String why) {
    if (!session.isOpen()) {
      return;
    }
    metrics.credentialEnded(reason);
    LOG.warn("node {} closes the session of node {} of tenant {}: {}", ownNodeId, session.nodeId(),
        session.remote().tenant(), why);
    session.close();
  }
}
