package io.backchannel.cli.demo;

import io.backchannel.BackchannelException;
import io.backchannel.core.CallOptions;
import io.backchannel.core.Peer;
import io.backchannel.core.node.Link;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A sidecar of the cluster demo, in a JVM of its own: {@code <nodeId> <consoleUri>...}, its token
 * in {@code BACKCHANNEL_TOKEN}. It keeps a link to one of the consoles ({@code
 * Peer.connect(List)}), prints {@code READY <console>} once connected, then calls its console on
 * commands from stdin: {@code hello} prints {@code HELLO <answer>} or {@code HELLO-FAILED
 * <exception>}; {@code hold} starts a call the console holds and, when it ends, prints {@code
 * HOLD-ENDED <answer or exception>}. It exits when stdin closes or its parent dies.
 */
public final class ClusterSidecarMain {
  private static final Duration CALL = Duration.ofSeconds(10);

  private ClusterSidecarMain() {}

  public static void main(String[] args) throws IOException {
    String nodeId = args[0];
    List<String> consoles = Arrays.asList(args).subList(1, args.length);
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(2)));
    long pid = ProcessHandle.current().pid();
    try (Peer sidecar = Peer.builder().nodeId(nodeId).role("sidecar")
            .credential(System.getenv("BACKCHANNEL_TOKEN"))
            // Desk.hold is slow on purpose, and on a busy machine a first call may take a second: neither is trouble.
            .slowCallThreshold(Duration.ofMinutes(2))
            .reconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(2))
            .export(ClusterWorker.class, () -> nodeId + " pid " + pid)
            .build();
        Link link = sidecar.connect(consoles)) {
      String console = link.awaitConnection(Duration.ofSeconds(30)).remote().nodeId();
      System.out.printf("pid %d, given %d console URIs, connected to %s%n", pid, consoles.size(), console);
      System.out.println(ChildProcess.READY + console);
      ClusterDesk desk = link.proxy(ClusterDesk.class);
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        switch (line) {
          case "hello" -> System.out.println(hello(link, desk, nodeId));
          case "hold" -> Thread.ofVirtual().start(() -> System.out.println("HOLD-ENDED " + call(() -> desk.hold(nodeId))));
          default -> System.out.println("UNKNOWN " + line);
        }
      }
    }
  }

  /** Waits for the link to be up (it may be moving to another console), then calls. */
  private static String hello(Link link, ClusterDesk desk, String nodeId) {
    try {
      link.awaitConnection(CALL);
      return "HELLO " + CallOptions.deadline(CALL).call(() -> desk.hello(nodeId));
    } catch (BackchannelException e) {
      return "HELLO-FAILED " + describe(e);
    }
  }

  private static String call(Supplier<String> call) {
    try {
      return CallOptions.deadline(Duration.ofMinutes(1)).call(call::get);
    } catch (BackchannelException e) {
      return describe(e);
    }
  }

  private static String describe(Exception e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
