package io.backchannel.benchmarks.suite;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Medians and spreads over the rounds of one case. */
final class Stats {
  private Stats() {}

  static <T> double median(List<T> items, ToDoubleFunction<T> value) {
    double[] values = items.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  /** {@code min–max} of the values, or an empty string for a single round. */
  static <T> String spread(List<T> items, ToDoubleFunction<T> value, String format) {
    double[] values = items.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).toArray();
    if (values.length < 2) {
      return "";
    }
    return String.format(format, Arrays.stream(values).min().orElseThrow()) + "–"
        + String.format(format, Arrays.stream(values).max().orElseThrow());
  }
}
