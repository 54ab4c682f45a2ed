package io.backchannel.benchmarks.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@link ClusterBench} records of the machine: CPU, JDK, the open-file limit, the load. Linux. */
final class Host {
  private Host() {}

  static Map<String, Object> describe() {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name", "unknown CPU"));
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
    machine.put("memoryTotal", firstValue(Path.of("/proc/meminfo"), "MemTotal", "unknown"));
    return machine;
  }

  /** The soft limit on open files of this process (children inherit it). */
  static long openFileLimit() {
    for (String line : lines(Path.of("/proc/self/limits"))) {
      if (line.startsWith("Max open files")) {
        return Long.parseLong(line.substring("Max open files".length()).strip().split("\\s+")[0]);
      }
    }
    throw new IllegalStateException("no open-file limit in /proc/self/limits");
  }

  /** The 1, 5 and 15 minute load averages. */
  static List<Double> loadAverage() {
    String[] words = lines(Path.of("/proc/loadavg")).getFirst().split(" ");
    return Arrays.stream(words, 0, 3).map(Double::parseDouble).toList();
  }

  private static String firstValue(Path file, String key, String otherwise) {
    return lines(file).stream()
        .filter(line -> line.startsWith(key))
        .map(line -> line.substring(line.indexOf(':') + 1).strip())
        .findFirst()
        .orElse(otherwise);
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
  }
}
