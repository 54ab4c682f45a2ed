package io.backchannel.core;

import io.backchannel.BackchannelException;
import io.backchannel.ConnectionLostException;
import io.backchannel.PeerRejectedException;
import java.time.Duration;
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
 * off, dial again. Every dial builds a fresh SETUP (and asks the credential supplier again).
 */
final class ReconnectingLink implements Link {
  private static final Logger LOG = LoggerFactory.getLogger(ReconnectingLink.class);

  private final Peer peer;
  private final String uri;
  private final Duration minBackoff;
  private final Duration maxBackoff;
  private final AtomicInteger connects = new AtomicInteger();
  private final Thread thread;
  private volatile CompletableFuture<Connection> next = new CompletableFuture<>();
  private volatile @Nullable Connection current;
  private volatile @Nullable String lastFailure;
  private volatile boolean closed;

  ReconnectingLink(Peer peer, String uri, Duration minBackoff, Duration maxBackoff) {
    this.peer = peer;
    this.uri = uri;
    this.minBackoff = minBackoff;
    this.maxBackoff = maxBackoff;
    this.thread = Thread.ofVirtual().name("bc-link-" + uri).start(this::run);
  }

  private void run() {
    int failures = 0;
    while (!closed) {
      Duration delay;
      try {
        Connection connection = peer.dial(uri);
        current = connection;
        if (closed) {
          // close() ran while we dialed and saw no connection to close.
          connection.close();
          return;
        }
        if (connects.incrementAndGet() > 1) {
          peer.metrics().reconnected();
        }
        next.complete(connection);
        failures = 0;
        connection.onClose().get();
        current = null;
        next = new CompletableFuture<>();
        if (closed) {
          return;
        }
        LOG.info("connection to {} closed; reconnecting", uri);
        delay = backoff(0);
      } catch (PeerRejectedException e) {
        lastFailure = e.getMessage();
        LOG.warn("{} refused this node: {}; retrying in {}", uri, e.getMessage(), maxBackoff);
        delay = jitter(maxBackoff);
      } catch (BackchannelException | IllegalStateException e) {
        lastFailure = e.getMessage();
        LOG.debug("dialing {} failed: {}", uri, e.getMessage());
        delay = backoff(failures++);
      } catch (InterruptedException e) {
        return;
      } catch (ExecutionException e) {
        delay = backoff(0);
      }
      try {
        TimeUnit.NANOSECONDS.sleep(delay.toNanos()); // the backoff itself, interrupted by close()
      } catch (InterruptedException e) {
        return;
      }
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
        throw new ConnectionLostException("no connection to " + uri + " within " + timeout
            + (lastFailure == null ? "" : "; last failure: " + lastFailure), null, null);
      }
      try {
        next.get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // loop: re-check and report
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectionLostException("interrupted waiting for " + uri, null, e);
      }
    }
  }

  @Override
  public int connects() {
    return connects.get();
  }

  /** Lets the current connection live but dials no more (graceful leave). */
  void stopRedialing() {
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
    return "link to " + uri;
  }
}
