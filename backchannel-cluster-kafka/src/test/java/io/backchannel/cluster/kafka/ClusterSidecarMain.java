package io.backchannel.cluster.kafka;

import io.backchannel.core.Peer;
import io.backchannel.core.node.Link;
import io.backchannel.core.node.Target;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A sidecar in a child JVM: {@code <nodeId> <tenant> <console uris, comma-separated> <console ids,
 * comma-separated>} exports a {@link GreeterImpl}, keeps a link to one of the consoles (each of
 * them its hub) and prints {@code READY <nodeId>} once connected. Commands on standard input,
 * each answered with one line:
 * <ul>
 *   <li>{@code call <nodeId>}: {@code CALLED <nodeId> <reply>} or {@code CALLED <nodeId> !<exception class>};
 *   <li>{@code block <nodeId>}: starts a call that the node holds until it is released or lost, and
 *       prints {@code BLOCKED <nodeId> <reply or !exception class>} when it ends;
 *   <li>{@code console}: {@code CONSOLE <id of the console it is connected to>}.
 * </ul>
 */
public final class ClusterSidecarMain {
  private ClusterSidecarMain() {}

  public static void main(String[] args) throws IOException {
    String nodeId = args[0];
    String tenant = args[1];
    List<String> uris = List.of(args[2].split(","));
    String[] consoles = args[3].split(",");
    try (Peer sidecar = Peer.builder().nodeId(nodeId).tenant(tenant)
        .credential(TestAuth.token(tenant, nodeId, "node"))
        .hub(consoles[0], java.util.Arrays.copyOfRange(consoles, 1, consoles.length))
        .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
        .export(Greeter.class, new GreeterImpl(nodeId))
        .build()) {
      Link link = sidecar.connect(uris);
      link.awaitConnection(Duration.ofSeconds(30));
      print("READY " + nodeId);
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] command = line.split(" ");
        switch (command[0]) {
          case "call" -> print("CALLED " + command[1] + " " + outcome(() ->
              sidecar.proxy(Greeter.class, Target.node(command[1])).hello(nodeId)));
          case "block" -> Thread.ofVirtual().start(() -> print("BLOCKED " + command[1] + " " + outcome(() ->
              sidecar.proxy(Greeter.class, Target.node(command[1])).block(120_000))));
          case "console" -> print("CONSOLE " + link.connection().map(c -> c.remote().nodeId()).orElse("none"));
          default -> print("UNKNOWN " + line);
        }
      }
    }
  }

  private static String outcome(java.util.function.Supplier<String> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return "!" + e.getClass().getSimpleName();
    }
  }

  private static synchronized void print(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
