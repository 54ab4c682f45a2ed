package io.backchannel.benchmarks;

import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Process CPU time (every thread of the forked JVM: both peers, GC, JIT) spent inside the
 * measured invocations, reported by JMH as {@code cpuNanos} per second of the iteration. Divided
 * by the primary score (calls per second) it gives CPU nanoseconds per call.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class CpuCounters {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** CPU nanoseconds spent in this iteration's invocations. */
  public long cpuNanos;

  @Setup(Level.Iteration)
  public void reset() {
    cpuNanos = 0;
  }

  /** The process's CPU time so far, in nanoseconds (not public: JMH would report it as a counter). */
  static long now() {
    return OS.getProcessCpuTime();
  }

  /** Adds the CPU time spent since {@code start} (a {@link #now()} reading). */
  void addSince(long start) {
    cpuNanos += now() - start;
  }
}
