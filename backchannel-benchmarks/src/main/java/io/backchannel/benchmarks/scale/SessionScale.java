package io.backchannel.benchmarks.scale;

import io.backchannel.core.CallOptions;
import io.backchannel.core.Peer;
import io.backchannel.core.node.Target;
import io.backchannel.core.auth.Authenticator;
import io.netty.util.internal.PlatformDependent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One console peer on loopback TCP and a {@link SessionDialer} child process that brings it to 1,
 * 100, 1,000, … sessions; at each count prints a {@link ScalePoint} line: heap after GC, heap per
 * session, direct memory, RSS, {@code Peer.connection(id)} lookup time, and the latency of calls
 * routed to random nodes by id. Arguments: the session counts, ascending.
 */
public final class SessionScale {
  private static final int CALLS = 5_000;
  private static final int LOOKUPS = 200_000;

  private SessionScale() {}

  public static void main(String[] args) throws Exception {
    List<Integer> counts = new ArrayList<>();
    for (String arg : args) {
      counts.add(Integer.parseInt(arg));
    }
    // Every session dials from 127.0.0.1: the per-address bound (256 by default) would refuse most.
    try (Peer console = Peer.builder().nodeId("console").authenticator(Authenticator.insecureAllowAll())
        .maxConnections(20_000, 20_000).build()) {
      String uri = console.listen("tcp://127.0.0.1:0").uri().toString();
      long baseline = heapAfterGc();
      Process dialer = new ProcessBuilder(javaCommand(SessionDialer.class.getName(), uri))
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      try (PrintWriter toDialer = new PrintWriter(dialer.getOutputStream(), true, StandardCharsets.UTF_8);
          BufferedReader fromDialer = new BufferedReader(new InputStreamReader(dialer.getInputStream(), StandardCharsets.UTF_8))) {
        int current = 0;
        for (int target : counts) {
          long start = System.nanoTime();
          toDialer.println("add " + (target - current));
          String reply = fromDialer.readLine();
          if (reply == null || !reply.startsWith("ok ")) {
            throw new IllegalStateException("dialer stopped: " + reply);
          }
          current = Integer.parseInt(reply.split(" ")[1]);
          awaitSessions(console, current);
          double connectSeconds = (System.nanoTime() - start) / 1e9;
          System.err.printf("%,d sessions connected in %.1f s (dialer: %s)%n", current, connectSeconds, reply);
          System.out.println(measure(console, current, baseline, connectSeconds).toLine());
          System.out.flush();
        }
      } finally {
        dialer.destroy();
        dialer.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static ScalePoint measure(Peer console, int sessions, long baseline, double connectSeconds) {
    long heap = heapAfterGc();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long found = 0;
    long lookupStart = System.nanoTime();
    for (int i = 0; i < LOOKUPS; i++) {
      found += console.connection("s-" + random.nextInt(sessions)).isPresent() ? 1 : 0;
    }
    double lookupNanos = (System.nanoTime() - lookupStart) / (double) LOOKUPS;
    if (found != LOOKUPS) {
      throw new IllegalStateException("only " + found + " of " + LOOKUPS + " lookups found their session");
    }
    Ping ping = console.proxy(Ping.class, Target.node("s-0"));
    Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    for (int i = -CALLS / 4; i < CALLS; i++) {
      Target target = Target.node("s-" + random.nextInt(sessions));
      long start = System.nanoTime();
      CallOptions.target(target).run(ping::ping);
      if (i >= 0) {
        latency.recordValue(System.nanoTime() - start);
      }
    }
    long direct = PlatformDependent.usedDirectMemory();
    return new ScalePoint(sessions, mib(heap), (heap - baseline) / 1024.0 / sessions, direct < 0 ? Double.NaN : mib(direct),
        rssMiB(), connectSeconds, lookupNanos, latency.getValueAtPercentile(50) / 1000.0,
        latency.getValueAtPercentile(99) / 1000.0);
  }

  private static void awaitSessions(Peer console, int sessions) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (console.connections().size() < sessions) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("console has " + console.connections().size() + " of " + sessions + " sessions");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static double rssMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      // Not Linux: no RSS figure.
    }
    return Double.NaN;
  }

  private static double mib(long bytes) {
    return bytes / 1024.0 / 1024.0;
  }

  /** This JVM's java, class path and the flags every Backchannel JVM needs, running {@code mainClass}. */
  static List<String> javaCommand(String mainClass, String... args) {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx1g",
        "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(List.of(args));
    return command;
  }
}
