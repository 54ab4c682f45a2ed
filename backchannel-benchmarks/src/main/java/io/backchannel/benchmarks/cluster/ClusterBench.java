package io.backchannel.benchmarks.cluster;

import io.backchannel.transport.kafka.TestBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console-cluster benchmark ({@code docs/benchmarks.md}, "Console cluster"): a KRaft broker
 * ({@link TestBroker}, child JVM), three {@link ClusterConsole} JVMs sharing a topic, and one
 * {@link SidecarFleet} JVM per console holding as many sessions as the open-file limit allows.
 * Measures, per console, heap per local session and per remote-view entry; registry convergence
 * after a join, a leave and a console kill; the replay of a console started late; the latency of
 * a call to a node of another console against one to a node of its own; and the store's traffic.
 * Writes {@code cluster.json} and {@code summary.md}. Arguments: {@code [--sessions N] [--out DIR]}.
 */
public final class ClusterBench {
  /** Descriptors each process keeps beyond its sessions: jars, epoll, Kafka clients, the redial burst. */
  private static final int FD_HEADROOM = 2_000;
  private static final int PROBES = 30;
  private static final int CALLS = 5_000;

  private final Map<String, Object> result = new LinkedHashMap<>();
  private final Path out;

  private ClusterBench(Path out) {
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    int asked = Integer.MAX_VALUE;
    Path out = Path.of("docs/benchmarks/cluster");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sessions" -> asked = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; use --sessions N, --out DIR");
      }
    }
    Files.createDirectories(out);
    new ClusterBench(out).run(asked);
  }

  private void run(int asked) throws Exception {
    long fdLimit = Host.openFileLimit();
    // After console 3 dies its sidecars move on to console 1 (the next in their list), which then
    // holds two thirds of them: that console's descriptors are what limits the run.
    int perConsole = (int) Math.min(asked / 3, (fdLimit - FD_HEADROOM) / 2);
    int sessions = perConsole * 3;
    System.err.printf("open-file limit %,d per process: %,d sessions, %,d per console (%,d on console 1 after the kill)%n",
        fdLimit, sessions, perConsole, 2 * perConsole);
    result.put("started", Instant.now().toString());
    result.put("machine", Host.describe());
    result.put("loadAverageAtStart", Host.loadAverage());
    result.put("openFileLimit", fdLimit);
    result.put("sessions", sessions);
    result.put("ttlSeconds", 6);
    Path logs = Files.createDirectories(Path.of("target/cluster-bench-logs"));
    try (TestBroker broker = TestBroker.start()) {
      String topic = TestBroker.freshTopic("bench-cluster");
      try (Cluster cluster = Cluster.start(broker.bootstrapServers(), topic, logs)) {
        new Phases(cluster, perConsole, result).run(PROBES, CALLS);
        // Before the consoles leave: their leaving tombstones are no part of the run.
        result.put("store", StoreTraffic.read(broker.bootstrapServers(), topic));
      }
    }
    result.put("loadAverageAtEnd", Host.loadAverage());
    result.put("finished", Instant.now().toString());
    ClusterReport.write(result, out);
    System.err.println("wrote " + out.resolve("cluster.json") + " and " + out.resolve("summary.md"));
  }

  /** The broker's consoles and fleets, closed in reverse. */
  static final class Cluster implements AutoCloseable {
    final String bootstrap;
    final String topic;
    final Path logs;
    final List<Child> consoles = new ArrayList<>();
    final List<String> uris = new ArrayList<>();
    final List<Long> startNanos = new ArrayList<>();
    final List<Long> joinNanos = new ArrayList<>();
    final List<Child> fleets = new ArrayList<>();

    private Cluster(String bootstrap, String topic, Path logs) {
      this.bootstrap = bootstrap;
      this.topic = topic;
      this.logs = logs;
    }

    static Cluster start(String bootstrap, String topic, Path logs) throws IOException, InterruptedException {
      Cluster cluster = new Cluster(bootstrap, topic, logs);
      try {
        for (int i = 1; i <= 3; i++) {
          cluster.startConsole(i);
        }
        for (int i = 1; i <= 3; i++) {
          cluster.fleets.add(Child.start("fleet-" + i, "1500m", logs.resolve("fleet-" + i + ".log"),
              SidecarFleet.class, cluster.uris.toArray(String[]::new)));
        }
        return cluster;
      } catch (IOException | RuntimeException e) {
        cluster.close();
        throw e;
      }
    }

    /** Starts console-{@code i} (1-based) and waits for its listener. */
    Child startConsole(int i) throws IOException {
      Child console = Child.start("console-" + i, "3g", logs.resolve("console-" + i + ".log"), ClusterConsole.class,
          "console-" + i, bootstrap, topic);
      String[] ready = console.reply("ready");
      consoles.add(console);
      uris.add(ready[0]);
      startNanos.add(Long.parseLong(ready[1]));
      joinNanos.add(Long.parseLong(ready[2]));
      return console;
    }

    @Override
    public void close() throws InterruptedException {
      for (Child fleet : fleets) {
        fleet.close();
      }
      for (Child console : consoles) {
        console.send("exit");
        console.close();
      }
    }
  }
}
