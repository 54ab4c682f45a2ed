package io.backchannel.benchmarks.stack;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a batch of request-responses keeping {@code window} in flight on one connection: with
 * {@link Stack#send} and a semaphore, or, for a blocking stack, with {@code window} virtual
 * threads calling in a loop. Returns when every call has ended.
 */
public final class Pipeline {
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

  private static void runAsync(Stack stack, byte[] data, int calls, int window) throws InterruptedException {
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
