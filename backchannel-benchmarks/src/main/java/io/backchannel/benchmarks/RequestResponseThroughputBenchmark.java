package io.backchannel.benchmarks;

import io.backchannel.benchmarks.stack.Pipeline;
import io.backchannel.benchmarks.stack.Stack;
import io.backchannel.benchmarks.stack.Stacks;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Request-response throughput with {@value #WINDOW} calls in flight on one connection, in batches
 * of {@value #BATCH} calls, and the process CPU time per call ({@link CpuCounters}). Run it with
 * {@code -prof gc} for the bytes allocated per call.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(RequestResponseThroughputBenchmark.BATCH)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx1g"})
@State(Scope.Benchmark)
public class RequestResponseThroughputBenchmark {
  static final int BATCH = 4096;
  static final int WINDOW = 128;

  @Param({"raw", "sync", "future"})
  public String stack;

  @Param({"tcp", "ws", "local", "shm"})
  public String transport;

  @Param({"64"})
  public int size;

  private Stack client;
  private byte[] data;

  @Setup(Level.Trial)
  public void start() throws Exception {
    client = Stacks.open(stack, transport);
    data = new byte[size];
  }

  @TearDown(Level.Trial)
  public void stop() {
    client.close();
  }

  @Benchmark
  public void pipelined(CpuCounters cpu) throws InterruptedException {
    long start = CpuCounters.now();
    long jit = cpu.jitNow();
    Pipeline.run(client, data, BATCH, WINDOW);
    cpu.addSince(start, jit);
  }
}
