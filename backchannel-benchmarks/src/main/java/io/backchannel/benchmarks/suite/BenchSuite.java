package io.backchannel.benchmarks.suite;

import io.backchannel.benchmarks.RelayLatencyBenchmark;
import io.backchannel.benchmarks.RequestResponseLatencyBenchmark;
import io.backchannel.benchmarks.RequestResponseThroughputBenchmark;
import io.backchannel.benchmarks.StreamThroughputBenchmark;
import io.backchannel.benchmarks.scale.ScalePoint;
import io.backchannel.benchmarks.scale.ScaleRun;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole comparison in one run: latency, pipelined throughput with CPU per call, the hub's
 * relay path against a direct call, streams and channels, payload-size curve (with allocation),
 * and the session-scale curve. Writes raw JMH JSON, {@code scale.json}, PNG charts and {@code
 * summary.md} into the output directory.
 *
 * <pre>
 * BenchSuite [--long] [--rounds N] [--only latency,throughput,relay,streams,payload,scale] [--out docs/benchmarks]
 * BenchSuite --replot [--out docs/benchmarks]
 * </pre>
 * The default takes about five minutes; {@code --long} covers every transport and size, with longer
 * iterations and three interleaved rounds of the latency, throughput and relay cases. {@code --replot}
 * redraws the charts from the JSON a run left.
 */
public final class BenchSuite {
  private static final Set<String> GROUPS = Set.of("latency", "throughput", "relay", "streams", "payload", "scale");

  private BenchSuite() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    boolean isLong = false;
    Integer rounds = null;
    Path out = Path.of("docs/benchmarks");
    Set<String> only = GROUPS;
    boolean replot = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--long" -> isLong = true;
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--only" -> only = Set.of(args[++i].split(","));
        case "--replot" -> replot = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: BenchSuite [--long] [--rounds N] [--only " + String.join(",", GROUPS) + "] [--out DIR] [--replot]");
      }
    }
    if (replot) {
      List<Row> saved = SavedResults.rows(out);
      List<ScalePoint> savedScale = SavedResults.scale(out);
      List<Path> charts = new Charts(out).write(saved, savedScale);
      // The tables too, without the run's machine header: the JSON does not keep the load average.
      Files.writeString(out.resolve("tables.md"), new Report(saved, savedScale).markdown());
      System.out.println("Re-plotted " + charts.size() + " charts and wrote tables.md from the JSON in " + out);
      return;
    }
    Plan plan = isLong ? Plan.full(rounds == null ? 3 : rounds) : Plan.quick(rounds == null ? 1 : rounds);
    Files.createDirectories(out);
    Instant start = Instant.now();
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

    List<Row> rows = new ArrayList<>();
    for (int round = 1; round <= plan.rounds(); round++) {
      if (only.contains("latency")) {
        rows.addAll(latency(plan, round, out));
      }
      if (only.contains("throughput")) {
        rows.addAll(throughput(plan, round, out));
      }
      if (only.contains("relay")) {
        rows.addAll(record("relay", round, out, Jmh.run(plan, plan.longWarmupIterations(), RelayLatencyBenchmark.class,
            false, List.of(Jmh.param("path", List.of("direct", "relay")), Jmh.param("transport", List.of("tcp")),
                Jmh.param("size", plan.relaySizes())))));
      }
    }
    if (only.contains("streams")) {
      rows.addAll(record("streams", 1, out, Jmh.run(plan, StreamThroughputBenchmark.class, false, List.of(
          Jmh.param("stack", List.of("raw", "backchannel", "backchannel-direct")), Jmh.param("transport", plan.streamTransports())))));
    }
    if (only.contains("payload")) {
      List<RunResult> results = new ArrayList<>(Jmh.run(plan, RequestResponseLatencyBenchmark.class, true, List.of(
          Jmh.param("stack", List.of("raw", "sync", "grpc")), Jmh.param("transport", List.of("tcp")),
          Jmh.param("size", plan.payloadSizes()))));
      rows.addAll(record("payload", 1, out, results));
    }
    List<ScalePoint> scale = List.of();
    if (only.contains("scale")) {
      scale = ScaleRun.run(plan.sessionCounts());
      // Jackson 2 kept the record's component order; Jackson 3 sorts unless told not to.
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).build()
          .writeValue(out.resolve("scale.json").toFile(), scale);
    }

    List<Path> charts = new Charts(out).write(rows, scale);
    double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    String summary = Machine.describe(plan, start, Duration.between(start, Instant.now()), loadBefore, loadAfter)
        + new Report(rows, scale).markdown();
    Files.writeString(out.resolve("summary.md"), summary);
    System.out.println(summary);
    System.out.println("Wrote " + out.resolve("summary.md") + ", " + charts.size() + " charts and the raw JMH JSON to " + out);
  }

  private static List<Row> latency(Plan plan, int round, Path out) throws Exception {
    List<RunResult> results = new ArrayList<>(Jmh.run(plan, RequestResponseLatencyBenchmark.class, false, List.of(
        Jmh.param("stack", Plan.RPC_STACKS), Jmh.param("transport", plan.latencyTransports()),
        Jmh.param("size", plan.latencySizes()))));
    results.addAll(Jmh.run(plan, RequestResponseLatencyBenchmark.class, false, List.of(
        Jmh.param("stack", List.of("grpc", "grpc-direct")), Jmh.param("transport", List.of("tcp")),
        Jmh.param("size", plan.latencySizes()))));
    return record("latency", round, out, results);
  }

  private static List<Row> throughput(Plan plan, int round, Path out) throws Exception {
    int warmups = plan.longWarmupIterations();
    List<RunResult> results = new ArrayList<>(Jmh.run(plan, warmups, RequestResponseThroughputBenchmark.class, true, List.of(
        Jmh.param("stack", Plan.RPC_STACKS), Jmh.param("transport", plan.throughputTransports()))));
    results.addAll(Jmh.run(plan, warmups, RequestResponseThroughputBenchmark.class, true, List.of(
        Jmh.param("stack", Plan.TCP_STACKS), Jmh.param("transport", List.of("tcp")))));
    return record("throughput", round, out, results);
  }

  /** Writes the group's raw JMH JSON for this round and reduces it to rows. */
  private static List<Row> record(String group, int round, Path out, Collection<RunResult> results) {
    Path json = out.resolve(group + "-r" + round + ".json");
    ResultFormatFactory.getInstance(ResultFormatType.JSON, json.toString()).writeOut(results);
    // JMH pretty-prints every histogram bucket on its own line: the same JSON, compact, is a third of the size.
    ObjectMapper mapper = new JsonMapper();
    mapper.writeValue(json.toFile(), mapper.readTree(json.toFile()));
    return results.stream().map(result -> Row.of(group, round, result)).toList();
  }
}
