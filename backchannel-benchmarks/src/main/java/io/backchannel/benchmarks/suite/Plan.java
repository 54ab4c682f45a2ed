package io.backchannel.benchmarks.suite;

import java.util.List;

/**
 * What one suite run measures and for how long: the bounded default (a few minutes) or
 * {@code --long} (every transport and size, longer iterations, several interleaved rounds).
 *
 * @param longWarmupIterations warm-up iterations of the cases the JIT skews most, longer than the
 *     others: 128 in flight (its CPU per call counts the JIT compiler threads, and gRPC's code takes
 *     10 s or more of load to compile on two loaded vCPUs, docs/benchmarks-grpc-baseline.md) and
 *     the relay (three peers' code paths to compile)
 */
record Plan(
    boolean isLong,
    int rounds,
    int warmupIterations,
    int longWarmupIterations,
    int measureIterations,
    int iterationSeconds,
    List<String> latencyTransports,
    List<String> latencySizes,
    List<String> throughputTransports,
    List<String> streamTransports,
    List<String> payloadSizes,
    List<String> relaySizes,
    List<Integer> sessionCounts) {

  /** The Backchannel and raw stacks every transport runs; gRPC runs over tcp alone. */
  static final List<String> RPC_STACKS = List.of("raw", "sync", "future");
  /**
   * The stacks measured over tcp alone: gRPC, and the future proxy with its callbacks on the I/O
   * thread ({@code whenCompleteAsync(..., Runnable::run)}), which is set up as grpc-direct is.
   */
  static final List<String> TCP_STACKS = List.of("grpc", "grpc-direct", "future-direct");

  static Plan quick(int rounds) {
    return new Plan(false, rounds, 2, 10, 2, 1,
        List.of("tcp", "ws", "local", "shm"), List.of("64"),
        List.of("tcp", "local"),
        List.of("tcp"),
        List.of("64", "16384", "1048576"),
        List.of("64"),
        List.of(1, 100, 1000, 10_000));
  }

  static Plan full(int rounds) {
    return new Plan(true, rounds, 3, 6, 3, 2,
        List.of("tcp", "ws", "local", "shm", "kafka"), List.of("64", "14024"),
        List.of("tcp", "ws", "local", "shm", "kafka"),
        List.of("tcp", "ws", "local", "shm", "kafka"),
        List.of("64", "1024", "16384", "131072", "1048576"),
        List.of("64", "14024"),
        List.of(1, 100, 1000, 10_000));
  }
}
