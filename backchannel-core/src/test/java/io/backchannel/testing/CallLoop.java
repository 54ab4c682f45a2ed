package io.backchannel.testing;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One caller making synchronous calls back to back on a virtual thread of its own until closed,
 * counting the calls that succeeded and keeping the first failures (at most 100).
 */
public final class CallLoop implements AutoCloseable {
  private static final int MAX_FAILURES = 100;

  private final AtomicInteger succeeded = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean stopped;

  /** Starts calling {@code call} at once. */
  public CallLoop(String name, Runnable call) {
    this.thread = Thread.ofVirtual().name("test-calls-" + name).start(() -> {
      while (!stopped) {
        try {
          call.run();
          succeeded.incrementAndGet();
        } catch (RuntimeException e) {
          if (failed.incrementAndGet() <= MAX_FAILURES) {
            failures.add(e);
          }
        }
      }
    });
  }

  public int succeeded() {
    return succeeded.get();
  }

  public int failed() {
    return failed.get();
  }

  /** The first failures, at most 100. */
  public List<Throwable> failures() {
    return List.copyOf(failures);
  }

  /** Stops calling and waits for the call in progress to end. */
  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.join();
  }
}
