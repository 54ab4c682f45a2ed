package io.backchannel.benchmarks.suite;

import io.backchannel.benchmarks.scale.ScalePoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Turns the rows of one suite run into Markdown tables: medians over the rounds, the spread of
 * the p50s, and every ratio taken against the baseline measured in the same round.
 */
final class Report {
  private static final List<String> TRANSPORTS = List.of("tcp", "ws", "local", "shm", "kafka");
  private static final List<String> STACKS = List.of("raw", "sync", "future", "future-direct", "backchannel", "backchannel-direct", "grpc", "grpc-direct", "direct", "relay");
  private final List<Row> rows;
  private final List<ScalePoint> scale;
  private final StringBuilder out = new StringBuilder();

  Report(List<Row> rows, List<ScalePoint> scale) {
    this.rows = rows;
    this.scale = scale;
  }

  String markdown() {
    latency();
    throughput();
    relay();
    streams();
    payload();
    sessions();
    goals();
    return out.toString();
  }

  private void latency() {
    List<Row> latency = select(r -> r.group().equals("latency"));
    if (latency.isEmpty()) {
      return;
    }
    out.append("### Request-response latency, one call in flight (µs)\n\n");
    out.append("| transport | size | stack | p50 | p50 spread | p99 | p99.9 | p50 / raw |\n");
    out.append("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (List<Row> runs : cases(latency)) {
      Row first = runs.getFirst();
      line(first.transport(), first.size() + " B", first.stack(),
          f(Stats.median(runs, Row::p50)), Stats.spread(runs, Row::p50, "%.1f"),
          f(Stats.median(runs, Row::p99)), f(Stats.median(runs, Row::p999)),
          ratio(runs, Row::p50, "raw"));
    }
    out.append('\n');
  }

  private void throughput() {
    List<Row> pipelined = select(r -> r.group().equals("throughput"));
    if (pipelined.isEmpty()) {
      return;
    }
    out.append("### Request-response, 128 calls in flight on one connection, 64 B\n\n");
    out.append("| transport | stack | calls/s | spread | CPU µs/call | of it JIT | CPU / raw | CPU / gRPC | CPU / grpc-direct "
        + "| calls/s / raw | B/call |\n");
    out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (List<Row> runs : cases(pipelined)) {
      Row first = runs.getFirst();
      line(first.transport(), first.stack(),
          String.format(Locale.ROOT, "%,.0f", Stats.median(runs, Row::score)), Stats.spread(runs, Row::score, "%,.0f"),
          f(Stats.median(runs, Row::cpuNanosPerOp) / 1000),
          f(Stats.median(runs, Row::jitNanosPerOp) / 1000),
          ratio(runs, Row::cpuNanosPerOp, "raw"),
          first.transport().equals("tcp") ? ratio(runs, Row::cpuNanosPerOp, "grpc") : "",
          first.transport().equals("tcp") ? ratio(runs, Row::cpuNanosPerOp, "grpc-direct") : "",
          ratio(runs, Row::score, "raw"),
          String.format(Locale.ROOT, "%,.0f", Stats.median(runs, Row::bytesPerOp)));
    }
    out.append("\nCPU is the whole process (both peers, GC and JIT) divided by completed calls; \"of it JIT\" is the part "
        + "the JIT compiler threads took, which is warm-up that spilled into measurement. `grpc` is gRPC with its defaults "
        + "(cached thread pool as executor), `grpc-direct` is set up as gRPC's own benchmarks (direct executors, "
        + "own NIO event loops, fixed flow-control window). Every asynchronous stack is called the same way: each "
        + "completion starts the next call.\n\n");
  }

  private void relay() {
    List<Row> relay = select(r -> r.group().equals("relay"));
    if (relay.isEmpty()) {
      return;
    }
    out.append("### Hub relay, one call in flight, synchronous proxy (µs)\n\n");
    out.append("| transport | size | path | p50 | p50 spread | p99 | p99.9 | p50 / direct |\n");
    out.append("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (List<Row> runs : cases(relay)) {
      Row first = runs.getFirst();
      line(first.transport(), first.size() + " B", first.stack(),
          f(Stats.median(runs, Row::p50)), Stats.spread(runs, Row::p50, "%.1f"),
          f(Stats.median(runs, Row::p99)), f(Stats.median(runs, Row::p999)),
          ratio(runs, Row::p50, "direct"));
    }
    out.append("\n`direct`: sidecar → console; `relay`: sidecar → console → sidecar (the console is the sidecars' hub "
        + "and relays by node id); three peers in one JVM, the same for both paths.\n\n");
  }

  private void streams() {
    List<Row> streams = select(r -> r.group().equals("streams"));
    if (streams.isEmpty()) {
      return;
    }
    out.append("### Request-stream and request-channel, 64 B items (items/s)\n\n");
    out.append("| transport | interaction | stack | items/s | / raw |\n| --- | --- | --- | ---: | ---: |\n");
    for (List<Row> runs : cases(streams)) {
      Row first = runs.getFirst();
      line(first.transport(), first.benchmark(), first.stack(),
          String.format(Locale.ROOT, "%,.0f", Stats.median(runs, Row::score)), ratio(runs, Row::score, "raw"));
    }
    out.append('\n');
  }

  private void payload() {
    List<Row> payload = select(r -> r.group().equals("payload"));
    if (payload.isEmpty()) {
      return;
    }
    out.append("### Payload size, tcp, one call in flight\n\n");
    out.append("| size | stack | p50 µs | p99 µs | p50 / raw | B allocated/call |\n| ---: | --- | ---: | ---: | ---: | ---: |\n");
    for (List<Row> runs : cases(payload)) {
      Row first = runs.getFirst();
      line(String.format(Locale.ROOT, "%,d", first.size()), first.stack(), f(Stats.median(runs, Row::p50)),
          f(Stats.median(runs, Row::p99)), ratio(runs, Row::p50, "raw"),
          String.format(Locale.ROOT, "%,.0f", Stats.median(runs, Row::bytesPerOp)));
    }
    out.append('\n');
  }

  private void sessions() {
    if (scale.isEmpty()) {
      return;
    }
    out.append("### Sessions on one console (tcp, loopback)\n\n");
    out.append("| sessions | heap after GC MiB | heap/session KiB | direct MiB | RSS MiB | connect s | lookup ns | call by id p50 µs | p99 µs |\n");
    out.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (ScalePoint p : scale) {
      line(String.format(Locale.ROOT, "%,d", p.sessions()), f(p.heapMiB()), f(p.heapPerSessionKiB()), f(p.directMiB()),
          f(p.rssMiB()), f(p.connectSeconds()), f(p.lookupNanos()), f(p.callP50Micros()), f(p.callP99Micros()));
    }
    out.append('\n');
  }

  /** Issue 11's targets, each a median over rounds of ratios measured in the same round. */
  private void goals() {
    out.append("### Goals\n\n");
    goal("TCP, 128 in flight: future proxy CPU per call ≤ 1.5x raw",
        goalRatio("throughput", "tcp", "future", "raw", Row::cpuNanosPerOp), v -> v <= 1.5);
    goal("TCP, 128 in flight: future proxy, direct callbacks, CPU per call ≤ 1.5x raw",
        goalRatio("throughput", "tcp", "future-direct", "raw", Row::cpuNanosPerOp), v -> v <= 1.5);
    goal("TCP, 128 in flight: sync proxy CPU per call ≤ 2.0x raw",
        goalRatio("throughput", "tcp", "sync", "raw", Row::cpuNanosPerOp), v -> v <= 2.0);
    goal("TCP, 128 in flight: future proxy throughput ≥ 0.7x raw",
        goalRatio("throughput", "tcp", "future", "raw", Row::score), v -> v >= 0.7);
    goal("TCP, 128 in flight: future proxy, direct callbacks, throughput ≥ 0.7x raw",
        goalRatio("throughput", "tcp", "future-direct", "raw", Row::score), v -> v >= 0.7);
    goal("TCP, 128 in flight: sync proxy throughput ≥ 0.5x raw",
        goalRatio("throughput", "tcp", "sync", "raw", Row::score), v -> v >= 0.5);
    goal("TCP, 128 in flight: future proxy bytes allocated per call ≤ 2.5x raw",
        goalRatio("throughput", "tcp", "future", "raw", Row::bytesPerOp), v -> v <= 2.5);
    goal("local, 64 B: sync proxy p50 ≤ 4x raw", goalRatio("latency", "local", "sync", "raw", Row::p50), v -> v <= 4);
    for (int size : List.of(64, 14024)) {
      goal("shm, " + size + " B: sync proxy p50 ≤ 0.4x raw TCP p50", crossRatio("latency", "shm", "sync", "tcp", "raw", size,
          Row::p50), v -> v <= 0.4);
    }
    for (String transport : List.of("tcp", "ws", "local", "shm", "kafka")) {
      double target = transport.equals("kafka") ? 0.5 : 0.7;
      for (String benchmark : List.of("stream", "channel")) {
        goal(transport + ", request-" + benchmark + " items/s ≥ " + target + "x raw",
            benchmarkRatio("streams", transport, benchmark, "backchannel", "raw", Row::score), v -> v >= target);
        goal(transport + ", request-" + benchmark + ", direct delivery, items/s ≥ " + target + "x raw",
            benchmarkRatio("streams", transport, benchmark, "backchannel-direct", "raw", Row::score), v -> v >= target);
      }
    }
    goal("TCP: future proxy CPU per call ≤ 0.8x gRPC-java as its own benchmarks (grpc-direct)",
        goalRatio("throughput", "tcp", "future", "grpc-direct", Row::cpuNanosPerOp), v -> v <= 0.8);
    goal("TCP: future proxy, direct callbacks, CPU per call ≤ 0.8x grpc-direct",
        goalRatio("throughput", "tcp", "future-direct", "grpc-direct", Row::cpuNanosPerOp), v -> v <= 0.8);
    goal("TCP, 64 B: future proxy p50 ≤ 0.8x grpc-direct",
        goalRatio("latency", "tcp", "future", "grpc-direct", Row::p50), v -> v <= 0.8);
    goal("TCP, hub relay: relay p50 / direct p50 ≤ 2.2x", goalRatio("relay", "tcp", "relay", "direct", Row::p50), v -> v <= 2.2);
    scale.stream().filter(p -> p.sessions() >= 10_000).findFirst().ifPresent(p -> out.append(String.format(Locale.ROOT,
        "- 10,000 sessions on one console ≤ 200 MiB of heap: %.0f MiB after GC — **%s**%n", p.heapMiB(),
        p.heapMiB() <= 200 ? "met" : "not met")));
    out.append('\n');
  }

  /** {@code stack} over {@code transport} against {@code baseline} over {@code baselineTransport}, same round and size. */
  private Optional<Double> crossRatio(String group, String transport, String stack, String baselineTransport,
      String baseline, int size, ToDoubleFunction<Row> value) {
    return medianRatio(r -> r.group().equals(group) && r.transport().equals(transport) && r.stack().equals(stack)
            && r.size() == size,
        (run, r) -> r.group().equals(group) && r.round() == run.round() && r.transport().equals(baselineTransport)
            && r.stack().equals(baseline) && r.size() == size, value);
  }

  /** As {@link #goalRatio}, for one benchmark method of a group (stream or channel), at any size. */
  private Optional<Double> benchmarkRatio(String group, String transport, String benchmark, String stack,
      String baseline, ToDoubleFunction<Row> value) {
    return medianRatio(r -> r.group().equals(group) && r.transport().equals(transport)
            && r.benchmark().equals(benchmark) && r.stack().equals(stack),
        (run, r) -> r.group().equals(group) && r.round() == run.round() && r.transport().equals(transport)
            && r.benchmark().equals(benchmark) && r.stack().equals(baseline) && r.size() == run.size(), value);
  }

  /** The median, over the rows {@code measured} selects, of each row's value over that of its baseline row. */
  private Optional<Double> medianRatio(Predicate<Row> measured, BiPredicate<Row, Row> baselineOf,
      ToDoubleFunction<Row> value) {
    List<Double> ratios = new ArrayList<>();
    for (Row run : select(measured)) {
      select(r -> baselineOf.test(run, r)).stream().findFirst()
          .ifPresent(base -> ratios.add(value.applyAsDouble(run) / value.applyAsDouble(base)));
    }
    return ratios.isEmpty() ? Optional.empty() : Optional.of(Stats.median(ratios, Double::doubleValue));
  }

  private void goal(String what, Optional<Double> ratio, Predicate<Double> met) {
    out.append("- ").append(what).append(": ")
        .append(ratio.map(v -> String.format(Locale.ROOT, "%.2fx — **%s**", v, met.test(v) ? "met" : "not met"))
            .orElse("not measured in this run"))
        .append('\n');
  }

  /** The median over rounds of {@code stack}'s value divided by {@code baseline}'s in the same round. */
  private Optional<Double> goalRatio(String group, String transport, String stack, String baseline,
      ToDoubleFunction<Row> value) {
    List<Row> runs = select(r -> r.group().equals(group) && r.transport().equals(transport)
        && r.stack().equals(stack) && r.size() == 64);
    List<Double> ratios = ratios(runs, value, baseline);
    return ratios.isEmpty() ? Optional.empty() : Optional.of(Stats.median(ratios, Double::doubleValue));
  }

  private String ratio(List<Row> runs, ToDoubleFunction<Row> value, String baseline) {
    List<Double> ratios = ratios(runs, value, baseline);
    if (ratios.isEmpty()) {
      return "";
    }
    String median = String.format(Locale.ROOT, "%.2f", Stats.median(ratios, Double::doubleValue));
    String spread = Stats.spread(ratios, Double::doubleValue, "%.2f");
    return spread.isEmpty() ? median : median + " (" + spread + ")";
  }

  private List<Double> ratios(List<Row> runs, ToDoubleFunction<Row> value, String baseline) {
    List<Double> ratios = new ArrayList<>();
    for (Row run : runs) {
      rows.stream()
          .filter(r -> r.round() == run.round() && r.group().equals(run.group()) && r.benchmark().equals(run.benchmark())
              && r.stack().equals(baseline) && r.transport().equals(run.transport()) && r.size() == run.size())
          .findFirst()
          .ifPresent(base -> ratios.add(value.applyAsDouble(run) / value.applyAsDouble(base)));
    }
    return ratios;
  }

  private List<Row> select(Predicate<Row> filter) {
    return rows.stream().filter(filter).toList();
  }

  /** Rows grouped by case (all rounds together), in first-seen order. */
  private static List<List<Row>> cases(List<Row> rows) {
    Map<String, List<Row>> byCase = new LinkedHashMap<>();
    for (Row row : rows) {
      byCase.computeIfAbsent(row.group() + "/" + row.benchmark() + "/" + row.transport() + "/" + row.size() + "/" + row.stack(),
          k -> new ArrayList<>()).add(row);
    }
    List<List<Row>> cases = new ArrayList<>(byCase.values());
    cases.sort(java.util.Comparator.comparingInt((List<Row> c) -> TRANSPORTS.indexOf(c.getFirst().transport()))
        .thenComparingInt(c -> c.getFirst().size())
        .thenComparing(c -> c.getFirst().benchmark())
        .thenComparingInt(c -> STACKS.indexOf(c.getFirst().stack())));
    return cases;
  }

  private void line(String... cells) {
    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  private static String f(double value) {
    if (Double.isNaN(value)) {
      return "";
    }
    return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
  }
}
