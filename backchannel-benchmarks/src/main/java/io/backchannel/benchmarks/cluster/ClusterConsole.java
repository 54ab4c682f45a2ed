package io.backchannel.benchmarks.cluster;

import io.backchannel.benchmarks.scale.Ping;
import io.backchannel.cluster.kafka.KafkaClusterStore;
import io.backchannel.core.CallOptions;
import io.backchannel.core.Peer;
import io.backchannel.core.auth.Authenticator;
import io.backchannel.core.cluster.ClusterStatus;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeSelector;
import io.backchannel.core.node.Target;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One console of {@link ClusterBench}, in a JVM of its own: a {@link Peer} on loopback TCP in a
 * cluster on a {@link KafkaClusterStore}, driven by one command per line on stdin, one reply per
 * line on stdout ({@code ok …} or {@code err …}). Times are {@link System#nanoTime()}, which on
 * Linux is the machine-wide monotonic clock, so the driver compares them across JVMs.
 * Arguments: console id, bootstrap servers, topic.
 */
public final class ClusterConsole {
  private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
  private static final long SCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final Peer peer;
  private final ClusterStatus status;
  private CompletableFuture<String> watch = CompletableFuture.completedFuture("none");

  private ClusterConsole(Peer peer) {
    this.peer = peer;
    this.status = peer.cluster().orElseThrow();
  }

  public static void main(String[] args) throws Exception {
    long started = System.nanoTime();
    String id = args[0];
    KafkaClusterStore store = KafkaClusterStore.builder(args[1], args[2]).build();
    long joining = System.nanoTime(); // the view's replay starts when the peer subscribes, in build()
    // Every sidecar dials from 127.0.0.1: the per-address bound (256 by default) would refuse most.
    // The consoles relay to each other as role "console"; insecureAllowAll takes that claim at its
    // word, which only a benchmark on loopback may do (docs/cluster.md: consoles prove the role).
    try (Peer peer = Peer.builder().nodeId(id).role("console").authenticator(Authenticator.insecureAllowAll())
        .maxConnections(30_000, 30_000).cluster(store).consoleRole("console").build()) {
      String uri = peer.listen("tcp://127.0.0.1:0").uri().toString();
      System.out.println("ready " + uri + " " + started + " " + joining);
      System.out.flush();
      new ClusterConsole(peer).serve();
    }
  }

  private void serve() throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] words = line.strip().split(" ");
      String reply;
      try {
        reply = "ok " + answer(words);
      } catch (RuntimeException e) {
        reply = "err " + e.toString().replace('\n', ' ');
      }
      System.out.println(reply);
      System.out.flush();
      if (words[0].equals("exit")) {
        return;
      }
    }
  }

  private String answer(String[] words) throws Exception {
    return switch (words[0]) {
      case "heap" -> Long.toString(heapAfterGc());
      case "local-nodes" -> Long.toString(peer.registry().nodes(NodeSelector.anyTenant()).stream()
          .filter(node -> node.console() == null).count());
      case "count" -> peer.connections().size() + " " + status.remoteNodes() + " " + status.liveConsoles();
      case "await-remote" -> Long.toString(awaitRemote(Integer.parseInt(words[1])));
      case "await-remote-at-most" -> awaitRemoteAtMost(Integer.parseInt(words[1]));
      case "watch" -> startWatch(() -> watchNode(words[1], words[2].equals("present")));
      case "watch-console" -> startWatch(() -> watchConsoleGone(words[1]));
      case "result" -> watch.get(3, TimeUnit.MINUTES);
      case "call" -> calls(words[1], Integer.parseInt(words[2]));
      case "exit" -> "bye";
      default -> throw new IllegalArgumentException("unknown command " + words[0]);
    };
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Waits until {@code count} remote nodes are listed; the time they were. */
  private long awaitRemote(int count) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (status.remoteNodes() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("lists " + status.remoteNodes() + " of " + count + " remote nodes");
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    return System.nanoTime();
  }

  /**
   * Waits up to 20 s until at most {@code count} remote nodes are kept (a dead console's swept and
   * reaped): {@code <time, or 0 if they were not> <remote nodes kept>}.
   */
  private String awaitRemoteAtMost(int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (status.remoteNodes() > count) {
      if (System.nanoTime() > deadline) {
        return "0 " + status.remoteNodes();
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    return System.nanoTime() + " " + status.remoteNodes();
  }

  private String startWatch(java.util.function.Supplier<String> watcher) {
    watch = CompletableFuture.supplyAsync(watcher, runnable -> Thread.ofPlatform().daemon().start(runnable));
    return "watching";
  }

  /**
   * The time {@code nodeId} (a probe, tagged with its id) became listed (or unlisted), taken after
   * the listing that saw it, so an upper bound by one listing. Listing scans the whole view under
   * its lock, so the loop lists only when the cheap counts moved, and at least every 10 ms.
   */
  private String watchNode(String nodeId, boolean present) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    long lastCounts = -1;
    long lastScan = 0;
    while (System.nanoTime() < deadline) {
      long now = System.nanoTime();
      long counts = ((long) peer.connections().size() << 32) | status.remoteNodes();
      if (counts != lastCounts || now - lastScan > SCAN_NANOS) {
        lastCounts = counts;
        lastScan = now;
        if (listed(nodeId) == present) {
          return Long.toString(System.nanoTime());
        }
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    throw new IllegalStateException(nodeId + " still " + (present ? "unlisted" : "listed") + " after 2 min");
  }

  private boolean listed(String nodeId) {
    // A tag selector allocates only for the nodes it matches: cheap beside listing every node.
    for (NodeInfo node : peer.registry().nodes(NodeSelector.anyTenant().withTag("probe", nodeId))) {
      if (node.nodeId().equals(nodeId)) {
        return true;
      }
    }
    return false;
  }

  /**
   * After {@code console} is killed: the time no node is listed at it any more, the time every
   * node it held when the watch started is listed at another holder (this console or a third), and
   * the time its lease expired (one live console fewer: its entries are dropped and reaped).
   */
  private String watchConsoleGone(String console) {
    int live = status.liveConsoles();
    Set<String> held = new HashSet<>();
    for (NodeInfo node : peer.registry().nodes(NodeSelector.anyTenant())) {
      if (console.equals(node.console())) {
        held.add(node.nodeId());
      }
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    long gone = 0;
    long moved = 0;
    long expired = 0;
    while ((gone == 0 || moved == 0 || expired == 0) && System.nanoTime() < deadline) {
      int atDead = 0;
      int elsewhere = 0;
      for (NodeInfo node : peer.registry().nodes(NodeSelector.anyTenant())) {
        if (console.equals(node.console())) {
          atDead++;
        } else if (held.contains(node.nodeId())) {
          elsewhere++;
        }
      }
      long now = System.nanoTime(); // after the listing: an upper bound by one listing
      if (gone == 0 && atDead == 0) {
        gone = now;
      }
      if (moved == 0 && elsewhere == held.size()) {
        moved = now;
      }
      if (expired == 0 && status.liveConsoles() < live) {
        expired = now;
      }
      LockSupport.parkNanos(SCAN_NANOS);
    }
    if (gone == 0 || moved == 0 || expired == 0) {
      throw new IllegalStateException("after 3 min: gone " + gone + ", moved " + moved + " of " + held.size()
          + ", expired " + expired);
    }
    return held.size() + " " + gone + " " + moved + " " + expired;
  }

  /**
   * {@code calls} calls of {@code void ping()}, each to a random node listed at {@code holder}
   * ({@code self} for this console's own sessions) by {@code Target.node(tenant, id)}, after a
   * quarter as many warm-up calls: {@code p50 p99 mean errors firstError} in microseconds.
   */
  private String calls(String holder, int calls) {
    List<NodeInfo> targets = new ArrayList<>();
    for (NodeInfo node : peer.registry().nodes(NodeSelector.anyTenant())) {
      boolean self = node.console() == null;
      if (holder.equals("self") ? self : holder.equals(node.console())) {
        targets.add(node);
      }
    }
    if (targets.isEmpty()) {
      throw new IllegalStateException("no node listed at " + holder);
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Ping ping = peer.proxy(Ping.class, Target.node("unused"));
    Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    int errors = 0;
    String firstError = "-";
    for (int i = -calls / 4; i < calls; i++) {
      NodeInfo node = targets.get(random.nextInt(targets.size()));
      long start = System.nanoTime();
      try {
        CallOptions.target(Target.node(node.tenant(), node.nodeId())).run(ping::ping);
      } catch (RuntimeException e) {
        if (errors++ == 0) {
          firstError = e.getClass().getSimpleName() + ":" + String.valueOf(e.getMessage()).replace(' ', '_');
        }
        if (errors > 100 && errors > calls / 10) {
          break;
        }
        continue;
      }
      if (i >= 0) {
        latency.recordValue(System.nanoTime() - start);
      }
    }
    return latency.getValueAtPercentile(50) / 1000.0 + " " + latency.getValueAtPercentile(99) / 1000.0 + " "
        + latency.getMean() / 1000.0 + " " + latency.getTotalCount() + " " + errors + " " + firstError;
  }
}
