package io.backchannel.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Process CPU time (every thread of the forked JVM: both peers, GC, JIT) spent inside the
 * measured invocations, reported by JMH as {@code cpuNanos} per second of the iteration, and the
 * part of it the JIT compiler threads took, {@code jitNanos}. Divided by the primary score (calls
 * per second) they give CPU nanoseconds per call. {@code jitNanos} is read from Linux's
 * {@code /proc/self/task/<tid>/schedstat} of the threads named {@code C1 CompilerThre…} and
 * {@code C2 CompilerThre…} (found at each iteration's start); it stays 0 elsewhere. It is how far
 * the warm-up fell short: on a loaded machine the compilers get less of the CPU and are still
 * compiling when measurement starts.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class CpuCounters {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final Path TASKS = Path.of("/proc/self/task");

  /** CPU nanoseconds spent in this iteration's invocations. */
  public long cpuNanos;
  /** CPU nanoseconds the JIT compiler threads spent in this iteration's invocations (included in {@link #cpuNanos}). */
  public long jitNanos;
  private List<Path> compilers = List.of();

  @Setup(Level.Iteration)
  public void reset() {
    cpuNanos = 0;
    jitNanos = 0;
    compilers = compilerThreads();
  }

  /** The process's CPU time so far, in nanoseconds (not public: JMH would report it as a counter). */
  static long now() {
    return OS.getProcessCpuTime();
  }

  /** The compiler threads' CPU time so far, in nanoseconds, as far as the threads found at the iteration's start tell. */
  long jitNow() {
    long sum = 0;
    for (Path schedstat : compilers) {
      try {
        String line = Files.readString(schedstat);
        int end = line.indexOf(' ');
        sum += Long.parseLong(end < 0 ? line.strip() : line.substring(0, end));
      } catch (IOException | RuntimeException e) {
        // A compiler thread that ended (the JVM starts and stops them as the queue grows and shrinks).
      }
    }
    return sum;
  }

  /** Adds the CPU time spent since {@code start} (a {@link #now()} reading) and {@code jitStart} (a {@link #jitNow()} one). */
  void addSince(long start, long jitStart) {
    cpuNanos += now() - start;
    // Never below 0: a compiler thread that ended in between takes its whole time out of the sum.
    jitNanos += Math.max(0, jitNow() - jitStart);
  }

  private static List<Path> compilerThreads() {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        try {
          String name = Files.readString(task.resolve("comm"));
          if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            found.add(task.resolve("schedstat"));
          }
        } catch (IOException e) {
          // The thread ended while we looked.
        }
      }
    } catch (IOException | UnsupportedOperationException e) {
      return List.of();
    }
    return List.copyOf(found);
  }
}
