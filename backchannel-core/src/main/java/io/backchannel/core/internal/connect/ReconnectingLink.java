package io.backchannel.core.internal.connect;

import io.backchannel.BackchannelException;
import io.backchannel.NotConnectedException;
import io.backchannel.PeerRejectedException;
import io.backchannel.core.internal.call.CallScopes;
import io.backchannel.core.internal.metrics.PeerMetrics;
import io.backchannel.core.internal.proxy.CallTarget;
import io.backchannel.core.internal.proxy.CallerSettings;
import io.backchannel.core.internal.proxy.ProxyHandler;
import io.backchannel.core.internal.proxy.TargetResolver;
import io.backchannel.core.internal.session.Session;
import io.backchannel.core.internal.wire.Control;
import io.backchannel.core.node.Connection;
import io.backchannel.core.node.Link;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one dialed connection up from a virtual thread of its own: dial, wait for the close, back
 * off, dial again. Every dial builds a fresh SETUP (and asks the credential supplier again). With
 * several URIs (the consoles of a cluster), each failed dial and each closed connection moves on
 * to the next one ({@link UriRotation}); the backoff grows once per round through the list, so a
 * dead console costs one short delay, not an exponential one.
 *
 * <p>When the listener asks the connection to {@code move} (it is leaving), the link dials the next
 * URI first and switches to it only once that connection is up (make-before-break), so calls
 * through {@link #proxy} never find it down; the old connection then finishes the calls in flight
 * over it, says {@code leaving} and is closed (by the listener, or after {@code drainBound}). If no
 * other URI takes the node (or there is only one), the link stays on the old connection until it
 * closes, then redials as after any close.
 */
public final class ReconnectingLink implements Link {
  private static final Logger LOG = LoggerFactory.getLogger(ReconnectingLink.class);
  /** How often a connection being logged out of looks whether its calls have ended. */
  private static final long LOGOUT_TICK_MILLIS = 10;

  private final Dialer dialer;
  private final PeerMetrics metrics;
  private final CallerSettings callers;
  private final UriRotation rotation;
  private final Duration minBackoff;
  private final Duration maxBackoff;
  private final Duration drainBound;
  private final AtomicInteger connects = new AtomicInteger();
  // Connections moved away from and not closed yet: one per move, and a move needs a new connection.
  private final Set<Session> retiring = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile CompletableFuture<Connection> next = new CompletableFuture<>();
  private volatile @Nullable Session current;
  private volatile @Nullable String lastFailure;
  private volatile boolean closed;

  /**
   * Starts dialing one of {@code uris} at once, from a virtual thread of its own.
   *
   * @param drainBound how long a connection moved away from may take to finish its calls
   * @throws IllegalArgumentException if {@code uris} is empty or one of them is malformed
   */
  public ReconnectingLink(Dialer dialer, PeerMetrics metrics, CallerSettings callers, List<String> uris,
      Duration minBackoff, Duration maxBackoff, Duration drainBound) {
    this.dialer = dialer;
    this.metrics = metrics;
    this.callers = callers;
    this.rotation = new UriRotation(uris);
    this.minBackoff = minBackoff;
    this.maxBackoff = maxBackoff;
    this.drainBound = drainBound;
    this.thread = Thread.ofVirtual().name("bc-link-" + rotation.describe()).start(this::run);
  }

  private void run() {
    int failures = 0;
    int refusals = 0;
    while (!closed) {
      String shown = rotation.shown();
      Duration delay;
      try {
        if (!connected(dialer.dial(rotation.uri(), rotation.hasAlternatives()))) {
          return;
        }
        failures = 0;
        refusals = 0;
        follow(Objects.requireNonNull(current, "current"));
        current = null;
        next = new CompletableFuture<>();
        if (closed) {
          return;
        }
        LOG.info("connection to {} closed; reconnecting", rotation.shown());
        // Its console may be gone for good: try another (a fresh SETUP, never its resume token).
        rotation.advance();
        delay = backoff(0);
      } catch (PeerRejectedException e) {
        lastFailure = e.getMessage();
        rotation.advance();
        // One listener refusing (it may be leaving) says nothing of the others: try each of them
        // before backing off as long as a refused credential needs.
        if (++refusals % rotation.size() == 0) {
          LOG.warn("dialing {} was refused: {}; retrying in {}", shown, e.getMessage(), maxBackoff);
          delay = jitter(maxBackoff);
        } else {
          LOG.info("dialing {} was refused: {}; trying {}", shown, e.getMessage(), rotation.shown());
          delay = backoff(0);
        }
      } catch (BackchannelException | IllegalStateException e) {
        lastFailure = e.getMessage();
        LOG.debug("dialing {} failed: {}", shown, e.getMessage());
        rotation.advance();
        delay = backoff(failures++ / rotation.size());
      } catch (InterruptedException e) {
        return;
      }
      try {
        TimeUnit.NANOSECONDS.sleep(delay.toNanos()); // the backoff itself, interrupted by close()
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Makes {@code connection} the current one; false (and closes it) if the link was closed meanwhile. */
  private boolean connected(Session connection) {
    current = connection;
    if (closed) {
      // close() ran while we dialed and saw no connection to close.
      connection.close();
      return false;
    }
    if (connects.incrementAndGet() > 1) {
      metrics.reconnected();
    }
    next.complete(connection);
    return true;
  }

  /** Follows {@code connection}, and each one it moves to, until the current one closes. */
  private void follow(Session connection) throws InterruptedException {
    Session following = connection;
    while (true) {
      try {
        CompletableFuture.anyOf(following.onClose(), following.onMoveAsked()).get();
      } catch (ExecutionException e) {
        // closed with an error: closed all the same
      }
      if (closed || !following.isOpen()) {
        return;
      }
      Session replacement = moveFrom(following);
      if (replacement == null) {
        awaitClose(following);
        return;
      }
      following = replacement;
    }
  }

  /**
   * Dials the other URIs in turn (the only one, for a link with one URI: a name in front of several
   * listeners may reach another) and switches to the first that takes this node; null if none did,
   * the rotation left where it was.
   */
  private @Nullable Session moveFrom(Session old) {
    int attempts = Math.max(1, rotation.size() - 1);
    for (int i = 0; i < attempts && !closed; i++) {
      rotation.advance();
      String shown = rotation.shown();
      try {
        Session replacement = dialer.dial(rotation.uri(), rotation.hasAlternatives());
        if (!connected(replacement)) {
          old.close(); // the link was closed while it dialed: neither connection is wanted
          return null;
        }
        LOG.info("moved from node {} to node {} at {}", old.nodeId(), replacement.nodeId(), shown);
        retire(old);
        return replacement;
      } catch (BackchannelException | IllegalStateException e) {
        lastFailure = e.getMessage();
        LOG.info("moving away from node {}: dialing {} failed: {}", old.nodeId(), shown, e.getMessage());
      }
    }
    if (rotation.hasAlternatives()) {
      rotation.advance(); // back to the URI of the connection it stays on
    }
    LOG.warn("node {} asked this node to move, but no other listener of {} took it; staying until that "
        + "connection closes", old.nodeId(), rotation.describe());
    return null;
  }

  /** Logs out of {@code old} on a thread of its own, so that the link follows its new connection meanwhile. */
  private void retire(Session old) {
    retiring.add(old);
    if (closed) {
      old.close(); // close() may have looked at the retiring connections before this one was added
    }
    Thread.ofVirtual().name("bc-link-logout-" + old.nodeId()).start(() -> {
      try {
        logOut(old);
      } catch (InterruptedException e) {
        old.close();
      } finally {
        retiring.remove(old);
      }
    });
  }

  /**
   * Waits until the calls this node made over {@code old} have ended, says {@code leaving}, and
   * waits for the listener to close the connection (it does once its own calls over it have ended),
   * closing it itself after {@link #drainBound}.
   */
  private void logOut(Session old) throws InterruptedException {
    long deadline = System.nanoTime() + drainBound.toNanos();
    // Idle on two ticks in a row: a call that read the old connection just before the switch has
    // counted itself on it by the second.
    int idleTicks = 0;
    while (old.isOpen() && idleTicks < 2 && deadline - System.nanoTime() > 0) {
      idleTicks = old.load().localInFlight() == 0 ? idleTicks + 1 : 0;
      TimeUnit.MILLISECONDS.sleep(LOGOUT_TICK_MILLIS);
    }
    old.push(Control.leaving());
    try {
      old.onClose().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      LOG.debug("{} did not close the connection this node moved away from; closing it", old.nodeId());
    }
    old.close();
  }

  private static void awaitClose(Session connection) throws InterruptedException {
    try {
      connection.onClose().get();
    } catch (ExecutionException e) {
      // closed with an error: closed all the same
    }
  }

  /** Exponential in the number of consecutive failures, capped, with jitter in [d/2, d]. */
  private Duration backoff(int failures) {
    long min = minBackoff.toNanos();
    long delay = failures >= 30 ? maxBackoff.toNanos() : Math.min(maxBackoff.toNanos(), min << failures);
    return jitter(Duration.ofNanos(Math.max(min, delay)));
  }

  private static Duration jitter(Duration delay) {
    long nanos = delay.toNanos();
    return Duration.ofNanos(nanos / 2 + ThreadLocalRandom.current().nextLong(nanos / 2 + 1));
  }

  @Override
  public Optional<Connection> connection() {
    Connection connection = current;
    return connection != null && connection.isOpen() ? Optional.of(connection) : Optional.empty();
  }

  /** The open session of the current connection, if any. */
  public @Nullable Session session() {
    Session session = current;
    return session != null && session.isOpen() ? session : null;
  }

  @Override
  public Connection awaitConnection(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<Connection> open = connection();
      if (open.isPresent()) {
        return open.get();
      }
      long left = deadline - System.nanoTime();
      if (closed || left <= 0) {
        throw new NotConnectedException("no connection to " + rotation.describe() + " within " + timeout
            + (lastFailure == null ? "" : "; last failure: " + lastFailure), null, null);
      }
      try {
        next.get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // loop: re-check and report
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NotConnectedException("interrupted waiting for " + rotation.describe(), null, e);
      }
    }
  }

  @Override
  public int connects() {
    return connects.get();
  }

  @Override
  public <T> T proxy(Class<T> type) {
    return ProxyHandler.create(type, new CurrentConnection(), callers);
  }

  /** Lets the current connection live but dials no more (graceful leave). */
  public void stopRedialing() {
    closed = true;
    thread.interrupt();
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    Connection connection = current;
    if (connection != null) {
      connection.close();
    }
    retiring.forEach(Session::close);
  }

  @Override
  public String toString() {
    return "link to " + rotation.describe();
  }

  /** Resolves to whichever connection is up at each call. */
  private final class CurrentConnection implements TargetResolver {
    @Override
    public CallTarget resolve() {
      Session session = current;
      if (session == null || !session.isOpen()) {
        String failure = lastFailure;
        throw new NotConnectedException("no connection to " + rotation.describe() + " right now"
            + (failure == null ? "" : "; last failure: " + failure), null, null);
      }
      return session;
    }

    @Override
    public TargetResolver atInvocation() {
      if (CallScopes.TARGET.isBound()) {
        throw new IllegalStateException("CallOptions.target does not apply to a link's proxy (" + ReconnectingLink.this
            + "); use a proxy from Peer.proxy(type, target)");
      }
      return this;
    }

    @Override
    public String describe() {
      return ReconnectingLink.this.toString();
    }
  }
}
