package io.backchannel.benchmarks.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes {@link ClusterBench}'s result as {@code cluster.json} and a short {@code summary.md}. */
final class ClusterReport {
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .build();

  private ClusterReport() {}

  static void write(Map<String, Object> result, Path out) throws IOException {
    Files.writeString(out.resolve("cluster.json"), JSON.writeValueAsString(result) + "\n");
    Files.writeString(out.resolve("summary.md"), summary(result));
  }

  @SuppressWarnings("unchecked")
  private static String summary(Map<String, Object> r) {
    Map<String, Object> heap = (Map<String, Object>) r.get("heap");
    Map<String, Object> join = (Map<String, Object>) r.get("join");
    Map<String, Object> calls = (Map<String, Object>) r.get("calls");
    Map<String, Object> late = (Map<String, Object>) r.get("lateConsole");
    Map<String, Object> kill = (Map<String, Object>) r.get("consoleKill");
    StringBuilder s = new StringBuilder();
    s.append("# Console cluster benchmark\n\n");
    s.append(String.format("Run %s → %s on %s; load average (1/5/15 min) %s at start, %s at end "
            + "(a shared 2-core VM: other builds ran meanwhile).%n%n",
        r.get("started"), r.get("finished"), r.get("machine"), r.get("loadAverageAtStart"), r.get("loadAverageAtEnd")));
    s.append(String.format("Open-file limit %s per process → %,d sessions over 3 consoles (%,d each), ttl %s s.%n%n",
        r.get("openFileLimit"), (Integer) r.get("sessions"), (Integer) heap.get("sessionsPerConsole"), r.get("ttlSeconds")));
    s.append("## Heap (after 3 × System.gc(), inside each console JVM)\n\n");
    s.append(String.format("- remote view, per entry: %.0f B (console 3 holding none), %.0f / %.0f B (consoles 1 / 2, step 3)%n",
        heap.get("remoteViewBytesPerEntry_console3_holdingNone"), heap.get("remoteViewBytesPerEntry_console1_step3"),
        heap.get("remoteViewBytesPerEntry_console2_step3")));
    s.append(String.format("- local session, per session: %.0f B (console 3, step 3), %.0f / %.0f B (consoles 1 / 2, step 2 less their remote view)%n",
        heap.get("localBytesPerSession_console3_step3"), heap.get("localBytesPerSession_console1_step2"),
        heap.get("localBytesPerSession_console2_step2")));
    for (Map<String, Object> console : (List<Map<String, Object>>) heap.get("perConsole")) {
      s.append(String.format("- %s: %.1f KiB of heap per local session, remote view included (%s local, %s remote)%n",
          console.get("console"), (Double) console.get("heapPerLocalSessionAllInBytes") / 1024,
          console.get("localSessions"), console.get("remoteEntries")));
    }
    s.append(String.format("- a console started late (console 4) replayed %s entries and listed them all %.2f s after its JVM started "
        + "(%.2f s after its peer was built on a connected store); heap after GC %.1f MiB%n%n", late.get("remoteEntries"),
        late.get("secondsFromJvmStartToAllListed"), late.get("secondsFromPeerBuildToAllListed"),
        ((Long) late.get("heapAfterGcBytes")) / 1048576.0));
    s.append("## Registry convergence\n\n");
    s.append("| ms from the sidecar's dial / close | console 1 (dialed) | console 2 | console 3 |\n| --- | ---: | ---: | ---: |\n");
    for (String kind : List.of("join", "leave")) {
      s.append("| ").append(kind).append(" median / p90 / max |");
      for (int i = 1; i <= 3; i++) {
        Map<String, Object> spread = (Map<String, Object>) join.get(kind + "Ms_console" + i);
        s.append(String.format(" %.1f / %.1f / %.1f |", spread.get("median"), spread.get("p90"), spread.get("max")));
      }
      s.append('\n');
    }
    s.append(String.format("%nConsole 3 killed (destroyForcibly), %s of its nodes: consoles 1 / 2 listed none at it after "
            + "%.2f / %.2f s, all at their new holder after %.2f / %.2f s, and dropped console 3 (lease expired) after "
            + "%.2f / %.2f s.%n%n",
        kill.get("console1_nodesHeldByConsole3"), kill.get("console1_secondsUntilNoneListedAtConsole3"),
        kill.get("console2_secondsUntilNoneListedAtConsole3"), kill.get("console1_secondsUntilAllListedAtNewHolder"),
        kill.get("console2_secondsUntilAllListedAtNewHolder"), kill.get("console1_secondsUntilLeaseExpired"),
        kill.get("console2_secondsUntilLeaseExpired")));
    s.append("## Calls from console 1 (µs)\n\n| target | p50 | p99 | mean | calls | errors |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (String kind : List.of("direct_nodeHeldByConsole1", "relayed_nodeHeldByConsole2")) {
      Map<String, Object> line = (Map<String, Object>) calls.get(kind);
      s.append(String.format("| %s | %.0f | %.0f | %.0f | %s | %s |%n", kind, line.get("p50Us"), line.get("p99Us"),
          line.get("meanUs"), line.get("measuredCalls"), line.get("errors")));
    }
    Map<String, Object> relayed = (Map<String, Object>) calls.get("relayed_nodeHeldByConsole2");
    if (((Integer) relayed.get("errors")) > 0) {
      s.append("\nThe relayed calls failed (").append(relayed.get("firstError"))
          .append("): **needs relays** between consoles (issue 13 item 2).\n");
    }
    s.append("\n## Store records over the run (read back from the topic before the consoles left)\n\n");
    s.append("| kind | records | bytes/record |\n| --- | ---: | ---: |\n");
    Map<String, Object> store = (Map<String, Object>) r.get("store");
    store.forEach((kind, value) -> {
      if (value instanceof Map<?, ?> tally) {
        s.append(String.format("| %s | %s | %.0f |%n", kind, tally.get("records"), tally.get("bytesPerRecord")));
      }
    });
    s.append(String.format("%nOver %s s of records.%n", store.get("spanSeconds")));
    return s.toString();
  }
}
