package io.backchannel.cli.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one bench run measured. Latencies are in microseconds.
 *
 * @param node the node that answered
 * @param calls measured calls, failed ones included
 * @param errors calls that failed or echoed the wrong number of bytes
 * @param seconds wall-clock time of the measured calls
 */
record BenchResult(
    String uri,
    String node,
    int calls,
    int concurrency,
    int payloadBytes,
    int warmupCalls,
    int errors,
    double seconds,
    Histogram latencyNanos) {

  double callsPerSecond() {
    return (calls - errors) / seconds;
  }

  /** The report for people: a header, throughput, and one line of latency percentiles. */
  String toText() {
    Histogram h = latencyNanos;
    return String.format(Locale.ROOT, """
        %,d calls of %,d B to node %s at %s, %d in flight (%,d warm-up calls not counted)
        throughput: %,.0f calls/s over %.2f s, errors: %,d
        latency µs: min %s  p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  mean %s
        """,
        calls, payloadBytes, node, uri, concurrency, warmupCalls, callsPerSecond(), seconds, errors,
        micros(h.getMinValue()), micros(h.getValueAtPercentile(50)), micros(h.getValueAtPercentile(90)),
        micros(h.getValueAtPercentile(99)), micros(h.getValueAtPercentile(99.9)), micros(h.getMaxValue()),
        micros((long) h.getMean()));
  }

  /** The same for machines, as a map that serialises to the {@code --json} object. */
  Map<String, Object> toMap() {
    Map<String, Object> latency = new LinkedHashMap<>();
    latency.put("min", latencyNanos.getMinValue() / 1000.0);
    latency.put("mean", latencyNanos.getMean() / 1000.0);
    for (double p : new double[] {50, 90, 99, 99.9}) {
      latency.put("p" + (p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p)), latencyNanos.getValueAtPercentile(p) / 1000.0);
    }
    latency.put("max", latencyNanos.getMaxValue() / 1000.0);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("uri", uri);
    json.put("node", node);
    json.put("calls", calls);
    json.put("concurrency", concurrency);
    json.put("payloadBytes", payloadBytes);
    json.put("warmupCalls", warmupCalls);
    json.put("errors", errors);
    json.put("seconds", seconds);
    json.put("callsPerSecond", callsPerSecond());
    json.put("latencyMicros", latency);
    return json;
  }

  private static String micros(long nanos) {
    double micros = nanos / 1000.0;
    return micros >= 100 ? String.format(Locale.ROOT, "%,.0f", micros) : String.format(Locale.ROOT, "%.1f", micros);
  }
}
