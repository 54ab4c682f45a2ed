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
import io.backchannel.core.node.Connection;
import io.backchannel.core.node.Link;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
 */
public final class ReconnectingLink implements Link {
  private static final Logger LOG = LoggerFactory.getLogger(ReconnectingLink.class);

  private final Dialer dialer;
  private final PeerMetrics metrics;
  private final CallerSettings callers;
  private final UriRotation rotation;
  private final Duration minBackoff;
  private final Duration maxBackoff;
  private final AtomicInteger connects = new AtomicInteger();
  private final Thread thread;
  private volatile CompletableFuture<Connection> next = new CompletableFuture<>();
  private volatile @Nullable Session current;
  private volatile @Nullable String lastFailure;
  private volatile boolean closed;

  /**
   * Starts dialing one of {@code uris} at once, from a virtual thread of its own.
   *
   * @throws IllegalArgumentException if {@code uris} is empty or one of them is malformed
   */
  public ReconnectingLink(Dialer dialer, PeerMetrics metrics, CallerSettings callers, List<String> uris,
      Duration minBackoff, Duration maxBackoff) {
    this.dialer = dialer;
    this.metrics = metrics;
    this.callers = callers;
    this.rotation = new UriRotation(uris);
    this.minBackoff = minBackoff;
    this.maxBackoff = maxBackoff;
    this.thread = Thread.ofVirtual().name("bc-link-" + rotation.describe()).start(this::run);
  }

  private void run() {
    int failures = 0;
    while (!closed) {
      String uri = rotation.uri();
      String shown = rotation.shown();
      Duration delay;
      try {
        Session connection = dialer.dial(uri, rotation.hasAlternatives());
        current = connection;
        if (closed) {
          // close() ran while we dialed and saw no connection to close.
          connection.close();
          return;
        }
        if (connects.incrementAndGet() > 1) {
          metrics.reconnected();
        }
        next.complete(connection);
        failures = 0;
        awaitClose(connection);
        current = null;
        next = new CompletableFuture<>();
        if (closed) {
          return;
        }
        LOG.info("connection to {} closed; reconnecting", shown);
        // Its console may be gone for good: try another (a fresh SETUP, never its resume token).
        rotation.advance();
        delay = backoff(0);
      } catch (PeerRejectedException e) {
        lastFailure = e.getMessage();
        LOG.warn("dialing {} was refused: {}; retrying in {}", shown, e.getMessage(), maxBackoff);
        rotation.advance();
        delay = jitter(maxBackoff);
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
