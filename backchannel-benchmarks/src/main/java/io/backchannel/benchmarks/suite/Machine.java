package io.backchannel.benchmarks.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

/** The header of a summary: what ran where, when, and how busy the machine was. */
final class Machine {
  private Machine() {}

  static String describe(Plan plan, Instant start, Duration took, double loadBefore, double loadAfter) {
    return String.format(Locale.ROOT, """
        ## Run of %s UTC (%s)

        - JDK: %s %s; JMH 1.37; 1 fork per case, %d × %d s warm-up (%d × %d s for 128 in flight and the relay), %d × %d s measured; %d round(s), interleaved
        - CPU: %s, %d cores visible to the JVM; load average %.1f before, %.1f after
        - Took %d min %d s

        """,
        start.atOffset(ZoneOffset.UTC).toLocalDateTime().withNano(0), plan.isLong() ? "--long" : "default, bounded",
        System.getProperty("java.vm.vendor"), System.getProperty("java.runtime.version"),
        plan.warmupIterations(), plan.iterationSeconds(), plan.longWarmupIterations(), plan.iterationSeconds(),
        plan.measureIterations(), plan.iterationSeconds(), plan.rounds(),
        cpuModel(), Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter,
        took.toMinutes(), took.toSecondsPart());
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).strip())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }
}
