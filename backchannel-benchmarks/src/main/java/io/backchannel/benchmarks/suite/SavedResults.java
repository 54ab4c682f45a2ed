package io.backchannel.benchmarks.suite;

import io.backchannel.benchmarks.scale.ScalePoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Reads a run's files back ({@code <group>-r<round>.json} as JMH wrote them, and {@code scale.json}), to re-plot. */
final class SavedResults {
  private static final Pattern FILE = Pattern.compile("(latency|throughput|streams|payload|relay)-r(\\d+)\\.json");
  private static final ObjectMapper JSON = new JsonMapper();

  private SavedResults() {}

  static List<Row> rows(Path dir) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        Matcher name = FILE.matcher(file.getFileName().toString());
        if (name.matches()) {
          for (JsonNode result : JSON.readTree(file.toFile())) {
            rows.add(row(name.group(1), Integer.parseInt(name.group(2)), result));
          }
        }
      }
    }
    return rows;
  }

  static List<ScalePoint> scale(Path dir) throws IOException {
    Path file = dir.resolve("scale.json");
    return Files.exists(file) ? List.of(JSON.readValue(file.toFile(), ScalePoint[].class)) : List.of();
  }

  /** The same reduction as {@link Row#of}, from JMH's JSON form of a result. */
  private static Row row(String group, int round, JsonNode result) {
    String benchmark = result.get("benchmark").asString();
    JsonNode params = result.path("params");
    JsonNode primary = result.get("primaryMetric");
    double score = primary.get("score").asDouble();
    boolean sampled = primary.get("scoreUnit").asString().endsWith("/op");
    JsonNode percentiles = primary.path("scorePercentiles");
    JsonNode secondary = result.path("secondaryMetrics");
    return new Row(group, round, benchmark.substring(benchmark.lastIndexOf('.') + 1),
        params.has("stack") ? params.get("stack").asString() : params.path("path").asString(), params.path("transport").asString(),
        params.has("size") ? params.get("size").asInt() : 64,
        score,
        sampled ? percentiles.path("50.0").asDouble() : Double.NaN,
        sampled ? percentiles.path("99.0").asDouble() : Double.NaN,
        sampled ? percentiles.path("99.9").asDouble() : Double.NaN,
        secondary.has("cpuNanos") ? secondary.get("cpuNanos").get("score").asDouble() / score : Double.NaN,
        secondary.has("jitNanos") ? secondary.get("jitNanos").get("score").asDouble() / score : Double.NaN,
        secondary.has("gc.alloc.rate.norm") ? secondary.get("gc.alloc.rate.norm").get("score").asDouble() : Double.NaN);
  }
}
