package io.backchannel.benchmarks.suite;

import io.backchannel.benchmarks.scale.ScalePoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws the suite's curves as PNGs with XChart (headless). */
final class Charts {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 520;

  private final Path dir;

  Charts(Path dir) {
    this.dir = dir;
  }

  /** Writes every chart the rows and points allow; returns the files written. */
  List<Path> write(List<Row> rows, List<ScalePoint> scale) throws IOException {
    List<Path> written = new ArrayList<>();
    List<Row> payload = rows.stream().filter(r -> r.group().equals("payload")).toList();
    if (!payload.isEmpty()) {
      written.add(save(bySize(payload, "Request-response p50 by payload size (tcp, one call in flight)",
          "p50 latency (µs)", Row::p50, 1), "payload-latency"));
      written.add(save(bySize(payload, "Bytes allocated per call by payload size (tcp, -prof gc)",
          "allocated per call (KiB)", Row::bytesPerOp, 1024), "payload-allocation"));
    }
    List<Row> throughput = rows.stream().filter(r -> r.group().equals("throughput")).toList();
    if (!throughput.isEmpty()) {
      written.add(save(cpuPerCall(throughput), "cpu-per-call"));
    }
    if (!scale.isEmpty()) {
      written.add(save(scaleChart("Console memory by connected sessions (tcp, loopback)", "MiB", false, scale,
          Map.of("heap after GC", ScalePoint::heapMiB, "resident set (RSS)", ScalePoint::rssMiB)), "scale-memory"));
      written.add(save(scaleChart("Call to a node by id (Target.node), by connected sessions", "µs (log scale)", true, scale,
          Map.of("p50", ScalePoint::callP50Micros, "p99", ScalePoint::callP99Micros)), "scale-routing"));
    }
    return written;
  }

  private static XYChart bySize(List<Row> rows, String title, String yTitle, ToDoubleFunction<Row> value, double divisor) {
    XYChart chart = xyChart(title, "payload (bytes)", yTitle);
    Map<String, TreeMap<Integer, List<Row>>> byStack = new LinkedHashMap<>();
    for (Row row : rows) {
      byStack.computeIfAbsent(row.stack(), s -> new TreeMap<>()).computeIfAbsent(row.size(), s -> new ArrayList<>()).add(row);
    }
    byStack.forEach((stack, sizes) -> chart.addSeries(label(stack),
        sizes.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
        sizes.values().stream().mapToDouble(runs -> Stats.median(runs, value) / divisor).toArray()));
    return chart;
  }

  private static CategoryChart cpuPerCall(List<Row> rows) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Process CPU per call, 128 calls in flight, 64 B").xAxisTitle("transport").yAxisTitle("CPU per call (µs)").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setLabelsVisible(false);
    List<String> transports = rows.stream().map(Row::transport).distinct().toList();
    List<String> stacks = rows.stream().map(Row::stack).distinct().toList();
    for (String stack : stacks) {
      List<Double> values = new ArrayList<>();
      for (String transport : transports) {
        List<Row> runs = rows.stream().filter(r -> r.stack().equals(stack) && r.transport().equals(transport)).toList();
        values.add(runs.isEmpty() ? 0 : Stats.median(runs, Row::cpuNanosPerOp) / 1000);
      }
      chart.addSeries(label(stack), transports, values);
    }
    return chart;
  }

  private static XYChart scaleChart(String title, String yTitle, boolean logY, List<ScalePoint> points,
      Map<String, ToDoubleFunction<ScalePoint>> series) {
    XYChart chart = xyChart(title, "connected sessions", yTitle);
    chart.getStyler().setYAxisLogarithmic(logY);
    double[] x = points.stream().mapToDouble(ScalePoint::sessions).toArray();
    new TreeMap<>(series).forEach((name, value) -> chart.addSeries(name, x, points.stream().mapToDouble(value).toArray()));
    return chart;
  }

  private static XYChart xyChart(String title, String xTitle, String yTitle) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setXAxisDecimalPattern("#,###");
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setMarkerSize(8);
    chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Line);
    chart.getStyler().setSeriesMarkers(new org.knowm.xchart.style.markers.Marker[] {
        SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP});
    return chart;
  }

  private static String label(String stack) {
    return switch (stack) {
      case "raw" -> "raw rsocket-java";
      case "sync" -> "Backchannel sync proxy";
      case "future" -> "Backchannel future proxy";
      case "future-direct" -> "Backchannel future proxy, direct callbacks";
      case "grpc" -> "gRPC-java";
      case "grpc-direct" -> "gRPC-java, as its own benchmarks";
      default -> stack;
    };
  }

  private Path save(Chart<?, ?> chart, String name) throws IOException {
    Path file = dir.resolve(name + ".png");
    try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
      ChartEncoder.saveChart(chart, out, "png");
    }
    return file;
  }
}
