package io.backchannel.benchmarks.suite;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * One JMH result of one suite group ({@code latency}, {@code throughput}, {@code streams},
 * {@code payload}) reduced to what the report needs. Latencies are in µs (NaN for throughput
 * results); {@code score} is the primary score (mean µs, or operations per second). {@code stack}
 * is the benchmark's {@code stack} parameter, or its {@code path} ({@code direct}, {@code relay}).
 *
 * @param cpuNanosPerOp process CPU nanoseconds per operation, NaN where not measured
 * @param jitNanosPerOp the part of {@code cpuNanosPerOp} the JIT compiler threads took, NaN where not measured
 * @param bytesPerOp bytes allocated per operation ({@code -prof gc}), NaN where not measured
 */
record Row(
    String group,
    int round,
    String benchmark,
    String stack,
    String transport,
    int size,
    double score,
    double p50,
    double p99,
    double p999,
    double cpuNanosPerOp,
    double jitNanosPerOp,
    double bytesPerOp) {

  static Row of(String group, int round, RunResult result) {
    var params = result.getParams();
    String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    String size = params.getParam("size");
    Result<?> primary = result.getPrimaryResult();
    Statistics stats = primary.getStatistics();
    boolean sampled = primary.getScoreUnit().endsWith("/op");
    var secondary = result.getSecondaryResults();
    Result<?> cpu = secondary.get("cpuNanos");
    Result<?> jit = secondary.get("jitNanos");
    Result<?> alloc = secondary.get("gc.alloc.rate.norm");
    return new Row(
        group,
        round,
        method,
        params.getParam("stack") != null ? params.getParam("stack") : params.getParam("path"),
        params.getParam("transport"),
        size == null ? 64 : Integer.parseInt(size),
        primary.getScore(),
        sampled ? stats.getPercentile(50) : Double.NaN,
        sampled ? stats.getPercentile(99) : Double.NaN,
        sampled ? stats.getPercentile(99.9) : Double.NaN,
        cpu == null ? Double.NaN : cpu.getScore() / primary.getScore(),
        jit == null ? Double.NaN : jit.getScore() / primary.getScore(),
        alloc == null ? Double.NaN : alloc.getScore());
  }
}
