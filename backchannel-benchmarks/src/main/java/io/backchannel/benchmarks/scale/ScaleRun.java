package io.backchannel.benchmarks.scale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs {@link SessionScale} in a fresh JVM (heap capped at 1 GiB) and collects its points. */
public final class ScaleRun {
  private ScaleRun() {}

  /**
   * @throws IllegalStateException if the console process fails
   */
  public static List<ScalePoint> run(List<Integer> sessionCounts) throws IOException, InterruptedException {
    String[] counts = sessionCounts.stream().map(String::valueOf).toArray(String[]::new);
    Process console = new ProcessBuilder(SessionScale.javaCommand(SessionScale.class.getName(), counts))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    List<ScalePoint> points = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(console.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("POINT\t")) {
          points.add(ScalePoint.parse(line));
        }
      }
    }
    int exit = console.waitFor();
    if (exit != 0) {
      throw new IllegalStateException("the session-scale console exited with " + exit + " after " + points.size() + " points");
    }
    return points;
  }
}
