package io.backchannel.benchmarks;

import io.backchannel.benchmarks.stack.Stack;
import io.backchannel.benchmarks.stack.Stacks;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Request-response latency with one call in flight (a benchmark thread that waits for each echo),
 * client and server in the forked JVM. {@code grpc} runs over tcp only: the suite
 * ({@code BenchSuite}) picks valid combinations.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx1g"})
@State(Scope.Benchmark)
public class RequestResponseLatencyBenchmark {
  @Param({"raw", "sync", "future"})
  public String stack;

  @Param({"tcp", "ws", "local", "shm"})
  public String transport;

  @Param({"64", "14024"})
  public int size;

  private Stack client;
  private byte[] data;

  @Setup(Level.Trial)
  public void start() throws Exception {
    client = Stacks.open(stack, transport);
    data = new byte[size];
    if (client.call(data).length != size) {
      throw new IllegalStateException(stack + " over " + transport + " did not echo " + size + " bytes");
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    client.close();
  }

  @Benchmark
  public byte[] requestResponse() {
    return client.call(data);
  }
}
