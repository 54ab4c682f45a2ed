package io.backchannel.cli.node;

import io.backchannel.BackchannelException;
import io.backchannel.core.CallContext;
import io.backchannel.core.Peer;
import io.backchannel.core.node.Target;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * A sidecar's {@link SidecarApi}. It learns its job from the console after dialing, which is why
 * the console proxy is {@link #attach attached} later. Thread-safe.
 */
public final class SidecarService implements SidecarApi {
  /** How many slow calls' outcomes a sidecar remembers. */
  public static final int OUTCOMES = 256;

  private final String nodeId;
  private final long startNanos = System.nanoTime();
  private final AtomicInteger served = new AtomicInteger();
  /** Outcomes of the last {@value #OUTCOMES} slow calls, by request id; callers name any id they like. */
  private final Map<String, CompletableFuture<String>> slowOutcomes = Collections.synchronizedMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<String>> eldest) {
      return size() > OUTCOMES;
    }
  });
  private volatile @Nullable ConsoleApi console;
  private volatile String job = "job=unassigned";
  private volatile @Nullable Peer peer;
  private volatile double load;
  private final AtomicInteger slowRunning = new AtomicInteger();

  public SidecarService(String nodeId) {
    this.nodeId = nodeId;
  }

  /** Gives the handlers this sidecar's peer, to call other nodes through the console. */
  public void attachPeer(Peer peer) {
    this.peer = peer;
  }

  /** The load figure this sidecar reports (see {@link #reportLoad}). */
  public double load() {
    return load;
  }

  /** Gives the handlers the console, reached over the connection this sidecar dialed. */
  public void attach(ConsoleApi console, String job) {
    this.console = console;
    this.job = job;
  }

  @Override
  public String status() {
    served.incrementAndGet();
    long upMillis = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    return "%s pid %d, %s, up %.1f s, %d call(s) served".formatted(
        nodeId, ProcessHandle.current().pid(), job, upMillis / 1000.0, served.get());
  }

  @Override
  public Flux<String> tail(int lines) {
    served.incrementAndGet();
    return Flux.range(1, lines).map(i -> "%s: batch %d copied %d rows".formatted(job, i, 100 + 17 * i));
  }

  @Override
  public Flux<String> transform(Flux<String> records) {
    served.incrementAndGet();
    return records.map(record -> record.toUpperCase(Locale.ROOT) + " (by " + nodeId + ")");
  }

  @Override
  public String refreshConfig() {
    served.incrementAndGet();
    ConsoleApi current = console;
    if (current == null) {
      throw new IllegalStateException(nodeId + " has not reached the console yet");
    }
    job = current.config(nodeId);
    return job;
  }

  @Override
  public String restart(String component) throws SidecarException {
    served.incrementAndGet();
    throw new SidecarException("component '" + component + "' is not running on " + nodeId);
  }

  @Override
  public String ask(String target) {
    served.incrementAndGet();
    Peer current = peer;
    if (current == null) {
      throw new IllegalStateException(nodeId + " is not connected yet");
    }
    try {
      return current.proxy(SidecarApi.class, Target.node(target)).status();
    } catch (BackchannelException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  @Override
  public void reportLoad(double newLoad) {
    served.incrementAndGet();
    load = newLoad;
  }

  @Override
  public String work(long millis) {
    served.incrementAndGet();
    try {
      new CountDownLatch(1).await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return nodeId;
  }

  @Override
  public int busy() {
    return slowRunning.get();
  }

  @Override
  public String slow(long millis) {
    served.incrementAndGet();
    slowRunning.incrementAndGet();
    try {
      return slowUntilDone(millis);
    } finally {
      slowRunning.decrementAndGet();
    }
  }

  private String slowUntilDone(long millis) {
    CompletableFuture<String> outcome = outcome(CallContext.current().orElseThrow().requestId());
    long start = System.nanoTime();
    try {
      // Waits on a latch nobody counts down: only the timeout or an interrupt ends it.
      new CountDownLatch(1).await(millis, TimeUnit.MILLISECONDS);
      outcome.complete("finished after " + elapsedMillis(start) + " ms");
      return "finished";
    } catch (InterruptedException e) {
      outcome.complete("interrupted after " + elapsedMillis(start) + " ms");
      return "interrupted";
    }
  }

  @Override
  public String slowOutcome(String requestId) {
    served.incrementAndGet();
    // Never past this call's own deadline (capped, since a call without one has an endless budget).
    long waitMillis = Math.min(CallContext.current().orElseThrow().remaining().toSeconds(), 60) * 1000;
    try {
      return outcome(requestId).get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown (interrupted while waiting)";
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** How many outcomes this sidecar holds now; at most {@value #OUTCOMES}. */
  int rememberedOutcomes() {
    return slowOutcomes.size();
  }

  private CompletableFuture<String> outcome(String requestId) {
    return slowOutcomes.computeIfAbsent(requestId, id -> new CompletableFuture<>());
  }

  private static long elapsedMillis(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
  }
}
