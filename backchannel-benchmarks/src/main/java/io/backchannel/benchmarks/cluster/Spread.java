package io.backchannel.benchmarks.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Min, median, p90 and max of a few samples (nearest rank). */
final class Spread {
  private Spread() {}

  static Map<String, Object> of(List<Double> samples) {
    List<Double> sorted = new ArrayList<>(samples);
    sorted.sort(null);
    Map<String, Object> spread = new LinkedHashMap<>();
    spread.put("min", sorted.getFirst());
    spread.put("median", rank(sorted, 0.5));
    spread.put("p90", rank(sorted, 0.9));
    spread.put("max", sorted.getLast());
    return spread;
  }

  private static double rank(List<Double> sorted, double quantile) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
  }
}
