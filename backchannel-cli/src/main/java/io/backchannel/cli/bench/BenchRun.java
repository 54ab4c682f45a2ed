package io.backchannel.cli.bench;

import io.backchannel.cli.echo.EchoService;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Calls {@link EchoService#echo} {@code calls} times from {@code concurrency} virtual threads, each
 * waiting for its echo before the next call, and records every call's latency in a histogram
 * (one per thread, merged at the end). Warm-up calls run the same way first and are not recorded.
 */
final class BenchRun {
  private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(5);

  private final EchoService echo;
  private final int concurrency;
  private final byte[] payload;

  BenchRun(EchoService echo, int concurrency, int payloadBytes) {
    this.echo = echo;
    this.concurrency = concurrency;
    this.payload = new byte[payloadBytes];
    ThreadLocalRandom.current().nextBytes(payload);
  }

  /** What {@link #run} measured. */
  record Outcome(Histogram latencyNanos, int errors, double seconds, @Nullable Throwable firstError) {}

  /** Runs {@code calls} calls; {@code progress}, if given, is told of each one. */
  Outcome run(int calls, @Nullable ProgressLine progress) {
    AtomicInteger left = new AtomicInteger(calls);
    AtomicInteger errors = new AtomicInteger();
    List<Histogram> histograms = new ArrayList<>();
    Throwable[] firstError = new Throwable[1];
    long start = System.nanoTime();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < Math.min(concurrency, Math.max(1, calls)); t++) {
        Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
        histograms.add(histogram);
        threads.execute(() -> {
          while (left.getAndDecrement() > 0) {
            long callStart = System.nanoTime();
            Throwable failure = call();
            histogram.recordValue(Math.min(HIGHEST_NANOS, System.nanoTime() - callStart));
            if (failure != null) {
              errors.incrementAndGet();
              synchronized (firstError) {
                if (firstError[0] == null) {
                  firstError[0] = failure;
                }
              }
            }
            if (progress != null) {
              progress.step();
            }
          }
        });
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Histogram all = new Histogram(HIGHEST_NANOS, 3);
    histograms.forEach(all::add);
    return new Outcome(all, errors.get(), seconds, firstError[0]);
  }

  private @Nullable Throwable call() {
    try {
      byte[] reply = echo.echo(payload);
      return reply.length == payload.length ? null
          : new IllegalStateException("echo returned " + reply.length + " bytes for " + payload.length);
    } catch (RuntimeException e) {
      return e;
    }
  }
}
