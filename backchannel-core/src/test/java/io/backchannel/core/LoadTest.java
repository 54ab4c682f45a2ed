package io.backchannel.core;

import io.backchannel.testing.TestAuth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.RemoteService;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 10,000 concurrent blocking calls whose handlers all block at once complete, over TCP, while a
 * watchdog samples every event-loop thread and proves none ever ran or waited in handler code.
 */
class LoadTest {
  private static final int CALLS = 10_000;

  @RemoteService
  public interface Slow {
    int work(int i);
  }

  /** Blocks the handler thread, as slow business code would, until the test opens the gate. */
  static final class SlowImpl implements Slow {
    final Queue<Thread> nonVirtual = new ConcurrentLinkedQueue<>();
    final AtomicInteger waiting = new AtomicInteger();
    final CountDownLatch gate = new CountDownLatch(1);

    @Override
    public int work(int i) {
      if (!Thread.currentThread().isVirtual()) {
        nonVirtual.add(Thread.currentThread());
      }
      waiting.incrementAndGet();
      try {
        if (!gate.await(4, TimeUnit.MINUTES)) {
          throw new IllegalStateException("the gate never opened");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return i * 2;
    }
  }

  @Test
  void tenThousandBlockingCallsCompleteWithoutBlockingAnEventLoop() throws Exception {
    SlowImpl slow = new SlowImpl();
    try (Peer console = Peer.builder().nodeId("console").authenticator(TestAuth.authenticator()).maxConcurrentCalls(2 * CALLS)
            .maxConcurrentCallsPerTenant(2 * CALLS).maxConcurrentCallsPerConnection(2 * CALLS)
            .defaultDeadline(Duration.ofMinutes(5)).export(Slow.class, slow).build();
        Peer sidecar = Peer.builder().nodeId("sidecar").credential(TestAuth.token("sidecar")).defaultDeadline(Duration.ofMinutes(5)).build();
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      Slow proxy = sidecar.dial(console.listen("tcp://127.0.0.1:0").uri().toString()).proxy(Slow.class);
      Watchdog watchdog = new Watchdog();
      Thread watching = Thread.ofPlatform().daemon().name("event-loop-watchdog").start(watchdog);

      List<Future<Integer>> results = new ArrayList<>(CALLS);
      for (int i = 0; i < CALLS; i++) {
        int n = i;
        results.add(callers.submit(() -> proxy.work(n)));
      }
      // Every handler blocked at once: none waits for another to finish.
      await().atMost(Duration.ofMinutes(4)).until(() -> slow.waiting.get() == CALLS);
      slow.gate.countDown();
      for (int i = 0; i < CALLS; i++) {
        assertThat(results.get(i).get(2, TimeUnit.MINUTES)).isEqualTo(i * 2);
      }
      watchdog.stop.set(true);
      watching.join(10_000);

      assertThat(slow.nonVirtual).isEmpty();
      assertThat(watchdog.samples).as("event-loop samples taken").isPositive();
      assertThat(watchdog.eventLoops).as("event-loop threads seen").isNotEmpty();
      assertThat(watchdog.violations).as("event-loop threads seen running or waiting in handler code").isEmpty();
    }
  }

  /** Samples the stacks of the Netty event-loop threads until stopped. */
  private static final class Watchdog implements Runnable {
    final AtomicBoolean stop = new AtomicBoolean();
    final Queue<String> violations = new ConcurrentLinkedQueue<>();
    final java.util.Set<String> eventLoops = java.util.concurrent.ConcurrentHashMap.newKeySet();
    volatile int samples;

    @Override
    public void run() {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      while (!stop.get()) {
        for (ThreadInfo info : threads.dumpAllThreads(false, false, 64)) {
          if (!info.getThreadName().startsWith("reactor-tcp")) {
            continue;
          }
          eventLoops.add(info.getThreadName());
          for (StackTraceElement frame : info.getStackTrace()) {
            if (frame.getClassName().startsWith(LoadTest.class.getName())
                || frame.getClassName().equals(CountDownLatch.class.getName())) {
              violations.add(info.getThreadName() + " in " + frame + " (" + info.getThreadState() + ")");
            }
          }
        }
        samples++;
        Thread.onSpinWait();
      }
    }
  }
}
