package io.backchannel.benchmarks.stack;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Runs a batch of request-responses keeping {@code window} in flight on one connection: with
 * {@link Stack#send}, each completion starting the next call as gRPC-java's benchmarks do, or, for
 * a blocking stack, with {@code window} virtual threads calling in a loop. Returns when every call
 * has ended.
 */
public final class Pipeline {
  private static final boolean SEMAPHORE = "semaphore".equals(System.getProperty("backchannel.bench.pipeline"));

  private Pipeline() {}

  /**
   * @throws IllegalStateException if a call failed (the first failure is the cause)
   */
  public static void run(Stack stack, byte[] data, int calls, int window) throws InterruptedException {
    if (stack.blocking()) {
      runOnThreads(stack, data, calls, window);
    } else {
      runAsync(stack, data, calls, window);
    }
  }

  /**
   * As gRPC-java's own benchmarks issue unary calls ({@code AsyncClient}, {@code
   * AbstractBenchmark.startUnaryCalls}): the calling thread starts {@code window} calls, and each
   * completion starts the next call from the thread it runs on, so that the benchmark thread
   * waits once per batch rather than once per call. A completion that runs inside {@code send}
   * (a stack that can answer on the calling thread) leaves its next call to that {@code send}'s
   * caller, so the chain loops instead of recursing.
   */
  private static void runAsync(Stack stack, byte[] data, int calls, int window) throws InterruptedException {
    if (SEMAPHORE) {
      runWithSemaphore(stack, data, calls, window);
      return;
    }
    Chain chain = new Chain(stack, data, calls);
    for (int i = 0; i < Math.min(window, calls); i++) {
      chain.next();
    }
    chain.ended.await();
    check(chain.failure.get());
  }

  /** One batch of chained calls. */
  private static final class Chain implements Completion {
    private final Stack stack;
    private final byte[] data;
    private final int calls;
    /** Calls not yet started. */
    private final AtomicInteger unstarted;
    /** Calls not yet ended. */
    private final AtomicInteger running;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Per thread: whether it is inside {@code send}, and how many next calls completions left it. */
    private final ThreadLocal<int[]> sending = ThreadLocal.withInitial(() -> new int[2]);

    Chain(Stack stack, byte[] data, int calls) {
      this.stack = stack;
      this.data = data;
      this.calls = calls;
      this.unstarted = new AtomicInteger(calls);
      this.running = new AtomicInteger(calls);
    }

    @Override
    public void done(@Nullable Throwable error) {
      if (error != null) {
        failure.compareAndSet(null, error);
      }
      if (running.decrementAndGet() == 0) {
        ended.countDown();
      } else {
        next();
      }
    }

    void next() {
      if (unstarted.getAndDecrement() <= 0) {
        return;
      }
      int[] state = sending.get();
      if (state[0] != 0) {
        state[1]++;
        return;
      }
      state[0] = 1;
      try {
        send();
        while (state[1] > 0) {
          state[1]--;
          send();
        }
      } finally {
        state[0] = 0;
      }
    }

    private void send() {
      try {
        stack.send(data, this);
      } catch (RuntimeException e) {
        done(e);
      }
    }
  }

  /**
   * The suite's first way (kept for comparison, {@code -Dbackchannel.bench.pipeline=semaphore}):
   * the benchmark thread starts every call, waiting on a semaphore of {@code window} permits that
   * each completion releases.
   */
  private static void runWithSemaphore(Stack stack, byte[] data, int calls, int window) throws InterruptedException {
    Semaphore permits = new Semaphore(window);
    CountDownLatch done = new CountDownLatch(calls);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Completion completion = error -> {
      if (error != null) {
        failure.compareAndSet(null, error);
      }
      permits.release();
      done.countDown();
    };
    for (int i = 0; i < calls; i++) {
      permits.acquire();
      stack.send(data, completion);
    }
    done.await();
    check(failure.get());
  }

  private static void runOnThreads(Stack stack, byte[] data, int calls, int window) {
    AtomicInteger left = new AtomicInteger(calls);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < window; t++) {
        threads.execute(() -> {
          try {
            while (left.getAndDecrement() > 0) {
              stack.call(data);
            }
          } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
          }
        });
      }
    }
    check(failure.get());
  }

  private static void check(Throwable failure) {
    if (failure != null) {
      throw new IllegalStateException("a pipelined call failed", failure);
    }
  }
}
