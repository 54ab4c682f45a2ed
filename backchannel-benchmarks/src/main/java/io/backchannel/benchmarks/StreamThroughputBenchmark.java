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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Items per second of one request-stream ({@value #ITEMS} items of 64 bytes) and of one
 * request-channel echoing {@value #ITEMS} items, with RSocket's flow control end to end; {@code
 * backchannel-direct} is Backchannel with {@code CallOptions.directDelivery()}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(StreamThroughputBenchmark.ITEMS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx1g"})
@State(Scope.Benchmark)
public class StreamThroughputBenchmark {
  static final int ITEMS = 4096;

  @Param({"raw", "backchannel", "backchannel-direct"})
  public String stack;

  @Param({"tcp", "ws", "local", "shm"})
  public String transport;

  private Stack client;
  private byte[] data;

  @Setup(Level.Trial)
  public void start() throws Exception {
    client = Stacks.open(stack, transport);
    data = new byte[64];
  }

  @TearDown(Level.Trial)
  public void stop() {
    client.close();
  }

  @Benchmark
  public long stream() {
    return check(client.stream(ITEMS, data.length));
  }

  @Benchmark
  public long channel() {
    return check(client.channel(ITEMS, data));
  }

  private static long check(long received) {
    if (received != ITEMS) {
      throw new IllegalStateException("received " + received + " of " + ITEMS + " items");
    }
    return received;
  }
}
