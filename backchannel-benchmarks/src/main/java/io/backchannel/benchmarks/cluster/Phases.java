package io.backchannel.benchmarks.cluster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measurements of {@link ClusterBench}, in order, on a running {@link ClusterBench.Cluster}:
 *
 * <ol>
 *   <li>heap of each console before any session;
 *   <li>sessions join consoles 1 and 2 only: console 3's growth is its remote view alone;
 *   <li>as many join console 3: its growth is its local sessions alone, the others' their remote view;
 *   <li>probes: one sidecar dials console 1, the time each console lists it; then it closes;
 *   <li>calls from console 1 to its own nodes and to console 2's by {@code Target.node(tenant, id)};
 *   <li>console 4 starts late and replays the topic: the time until it lists every node, its heap;
 *   <li>console 3 is killed: the time consoles 1 and 2 stop listing its nodes, and list them at
 *       their new holders.
 * </ol>
 */
final class Phases {
  private final ClusterBench.Cluster cluster;
  private final int perConsole;
  private final Map<String, Object> result;
  private long[] base = new long[0];

  Phases(ClusterBench.Cluster cluster, int perConsole, Map<String, Object> result) {
    this.cluster = cluster;
    this.perConsole = perConsole;
    this.result = result;
  }

  void run(int probes, int calls) throws IOException, InterruptedException {
    List<Child> consoles = cluster.consoles;
    for (Child console : consoles) {
      awaitConsoles(console, 3);
    }
    base = heaps();
    log("heap before sessions: %s", Arrays.toString(base));

    long joinA = System.nanoTime();
    String[][] added = parallel(List.of(cluster.fleets.get(0), cluster.fleets.get(1)),
        List.of("add 0 " + perConsole + " a", "add 1 " + perConsole + " b"));
    awaitRemote(new int[] {perConsole, perConsole, 2 * perConsole});
    double joinASeconds = (System.nanoTime() - joinA) / 1e9;
    long[] afterA = heaps();
    log("%s joined consoles 1 and 2 in %.1f s; heap %s", Arrays.deepToString(added), joinASeconds, Arrays.toString(afterA));

    long joinB = System.nanoTime();
    String[] addedC = cluster.fleets.get(2).ask("add 2 " + perConsole + " c");
    awaitRemote(new int[] {2 * perConsole, 2 * perConsole, 2 * perConsole});
    double joinBSeconds = (System.nanoTime() - joinB) / 1e9;
    long[] afterB = heaps();
    log("%s joined console 3 in %.1f s; heap %s", Arrays.toString(addedC), joinBSeconds, Arrays.toString(afterB));
    result.put("heap", heap(base, afterA, afterB, joinASeconds, joinBSeconds));

    result.put("join", probe(probes));
    log("joins: %s", result.get("join"));

    result.put("calls", calls(calls));
    log("calls: %s", result.get("calls"));

    result.put("lateConsole", lateConsole());
    log("late console: %s", result.get("lateConsole"));

    result.put("consoleKill", kill());
    log("kill: %s", result.get("consoleKill"));
  }

  private Map<String, Object> heap(long[] base, long[] afterA, long[] afterB, double joinASeconds, double joinBSeconds) {
    int n = perConsole;
    // Console 3 held nothing in step 2: all it grew by is the remote view of 2n entries.
    double remotePerEntry = (afterA[2] - base[2]) / (2.0 * n);
    Map<String, Object> heap = new LinkedHashMap<>();
    heap.put("sessionsPerConsole", n);
    heap.put("joinSecondsConsoles1And2", joinASeconds);
    heap.put("joinSecondsConsole3", joinBSeconds);
    heap.put("remoteViewBytesPerEntry_console3_holdingNone", remotePerEntry);
    heap.put("remoteViewBytesPerEntry_console1_step3", (afterB[0] - afterA[0]) / (double) n);
    heap.put("remoteViewBytesPerEntry_console2_step3", (afterB[1] - afterA[1]) / (double) n);
    heap.put("localBytesPerSession_console3_step3", (afterB[2] - afterA[2]) / (double) n);
    heap.put("localBytesPerSession_console1_step2", (afterA[0] - base[0] - n * remotePerEntry) / n);
    heap.put("localBytesPerSession_console2_step2", (afterA[1] - base[1] - n * remotePerEntry) / n);
    List<Map<String, Object>> perConsole = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Map<String, Object> console = new LinkedHashMap<>();
      console.put("console", "console-" + (i + 1));
      console.put("heapBeforeBytes", base[i]);
      console.put("heapStep2Bytes", afterA[i]);
      console.put("heapStep3Bytes", afterB[i]);
      console.put("localSessions", n);
      console.put("remoteEntries", 2 * n);
      // Everything the console grew by, over its own sessions: what one session costs a cluster console.
      console.put("heapPerLocalSessionAllInBytes", (afterB[i] - base[i]) / (double) n);
      perConsole.add(console);
    }
    heap.put("perConsole", perConsole);
    return heap;
  }

  /** {@code probes} sidecars, one at a time, dial console 1; when each console lists it; then it leaves. */
  private Map<String, Object> probe(int probes) throws IOException {
    List<Child> consoles = cluster.consoles;
    Child fleet = cluster.fleets.get(0);
    List<List<Double>> joins = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<List<Double>> leaves = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int k = 0; k < probes; k++) {
      String id = "probe-" + k;
      for (Child console : consoles) {
        console.ask("watch " + id + " present");
      }
      long dialed = Long.parseLong(fleet.ask("probe 0 " + id)[0]);
      for (int i = 0; i < 3; i++) {
        joins.get(i).add((Long.parseLong(consoles.get(i).ask("result")[0]) - dialed) / 1e6);
      }
      for (Child console : consoles) {
        console.ask("watch " + id + " absent");
      }
      long closed = Long.parseLong(fleet.ask("close " + id)[0]);
      for (int i = 0; i < 3; i++) {
        leaves.get(i).add((Long.parseLong(consoles.get(i).ask("result")[0]) - closed) / 1e6);
      }
    }
    Map<String, Object> probe = new LinkedHashMap<>();
    probe.put("probes", probes);
    probe.put("note", "ms from the sidecar's dial (join) or close (leave) until each console lists (no longer lists) it; "
        + "the sidecar dials console 1, so console 1's figure is the local registration and 2 and 3 add the store's round trip");
    for (int i = 0; i < 3; i++) {
      probe.put("joinMs_console" + (i + 1), Spread.of(joins.get(i)));
      probe.put("leaveMs_console" + (i + 1), Spread.of(leaves.get(i)));
    }
    return probe;
  }

  private Map<String, Object> calls(int calls) throws IOException {
    Child console1 = cluster.consoles.getFirst();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("note", "void ping() from console 1 by Target.node(tenant, id) to a random node; p50/p99/mean in µs");
    result.put("direct_nodeHeldByConsole1", callLine(console1.ask("call self " + calls)));
    result.put("relayed_nodeHeldByConsole2", callLine(console1.ask("call console-2 " + calls)));
    return result;
  }

  private static Map<String, Object> callLine(String[] words) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("p50Us", Double.parseDouble(words[0]));
    line.put("p99Us", Double.parseDouble(words[1]));
    line.put("meanUs", Double.parseDouble(words[2]));
    line.put("measuredCalls", Long.parseLong(words[3]));
    line.put("errors", Integer.parseInt(words[4]));
    line.put("firstError", words[5]);
    return line;
  }

  /** Console 4 starts after everything joined: how long until its replay lists every node, and its heap. */
  private Map<String, Object> lateConsole() throws IOException {
    int nodes = 3 * perConsole;
    Child late = cluster.startConsole(4);
    long started = cluster.startNanos.get(3);
    long joining = cluster.joinNanos.get(3);
    long listed = Long.parseLong(late.ask("await-remote " + nodes)[0]);
    long heap = Long.parseLong(late.ask("heap")[0]);
    Map<String, Object> lateConsole = new LinkedHashMap<>();
    lateConsole.put("remoteEntries", nodes);
    lateConsole.put("secondsFromJvmStartToAllListed", (listed - started) / 1e9);
    lateConsole.put("secondsFromPeerBuildToAllListed", (listed - joining) / 1e9);
    lateConsole.put("heapAfterGcBytes", heap);
    // Against console 3's heap before any session: a console holding nothing but the remote view.
    lateConsole.put("remoteViewBytesPerEntry", (heap - base[2]) / (double) nodes);
    late.ask("exit");
    cluster.consoles.remove(late);
    try {
      late.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return lateConsole;
  }

  private Map<String, Object> kill() throws IOException, InterruptedException {
    List<Child> consoles = cluster.consoles;
    // Console 4 left cleanly (withdrew its heartbeat); the others must see three consoles again.
    awaitConsoles(consoles.get(0), 3);
    String[][] watching = parallel(consoles.subList(0, 2), List.of("watch-console console-3", "watch-console console-3"));
    long killed = System.nanoTime();
    consoles.get(2).kill();
    Map<String, Object> kill = new LinkedHashMap<>();
    kill.put("note", "s from destroyForcibly of console 3: until a console lists none of its nodes, until it lists every "
        + "node console 3 held at its new holder (the sidecars redial the next console of their list; a new holder's "
        + "entry outranks the dead one's at once), and until console 3's lease expired (ttl 6 s) and its entries were dropped");
    for (int i = 0; i < 2; i++) {
      String[] words = consoles.get(i).ask("result");
      kill.put("console" + (i + 1) + "_nodesHeldByConsole3", Integer.parseInt(words[0]));
      kill.put("console" + (i + 1) + "_secondsUntilNoneListedAtConsole3", (Long.parseLong(words[1]) - killed) / 1e9);
      kill.put("console" + (i + 1) + "_secondsUntilAllListedAtNewHolder", (Long.parseLong(words[2]) - killed) / 1e9);
      kill.put("console" + (i + 1) + "_secondsUntilLeaseExpired", (Long.parseLong(words[3]) - killed) / 1e9);
    }
    // Each survivor then keeps only the other's nodes (wherever console 3's sidecars went): console 3's were swept.
    int held1 = Integer.parseInt(consoles.get(0).ask("local-nodes")[0]);
    int held2 = Integer.parseInt(consoles.get(1).ask("local-nodes")[0]);
    kill.put("console1_nodesHeldAfter", held1);
    kill.put("console2_nodesHeldAfter", held2);
    String[][] swept = parallel(consoles.subList(0, 2),
        List.of("await-remote-at-most " + held2, "await-remote-at-most " + held1));
    for (int i = 0; i < 2; i++) {
      long at = Long.parseLong(swept[i][0]);
      kill.put("console" + (i + 1) + "_secondsUntilOnlyLiveRemoteEntriesKept", at == 0 ? "not within 20 s" : (at - killed) / 1e9);
      kill.put("console" + (i + 1) + "_remoteEntriesKept", Integer.parseInt(swept[i][1]));
    }
    kill.put("fleet3_openAndRedials", String.join(" ", cluster.fleets.get(2).ask("count")));
    kill.put("console1_localRemoteLive", String.join(" ", consoles.get(0).ask("count")));
    kill.put("console2_localRemoteLive", String.join(" ", consoles.get(1).ask("count")));
    consoles.remove(2);
    log("watchers %s", Arrays.deepToString(watching));
    return kill;
  }

  private long[] heaps() throws IOException {
    String[][] replies = parallel(cluster.consoles, cluster.consoles.stream().map(c -> "heap").toList());
    return Arrays.stream(replies).mapToLong(words -> Long.parseLong(words[0])).toArray();
  }

  private void awaitRemote(int[] counts) throws IOException {
    List<String> commands = Arrays.stream(counts).mapToObj(count -> "await-remote " + count).toList();
    parallel(cluster.consoles.subList(0, counts.length), commands);
  }

  private static void awaitConsoles(Child console, int live) throws IOException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (Integer.parseInt(console.ask("count")[2]) != live) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("a console does not see " + live + " live consoles");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
    }
  }

  private static String[][] parallel(List<Child> children, List<String> commands) throws IOException {
    for (int i = 0; i < children.size(); i++) {
      children.get(i).send(commands.get(i));
    }
    String[][] replies = new String[children.size()][];
    for (int i = 0; i < children.size(); i++) {
      replies[i] = children.get(i).reply("ok");
    }
    return replies;
  }

  private static void log(String format, Object... args) {
    System.err.printf(format + "%n", args);
  }
}
