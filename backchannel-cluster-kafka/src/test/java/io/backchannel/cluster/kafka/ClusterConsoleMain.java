package io.backchannel.cluster.kafka;

import io.backchannel.core.Peer;
import io.backchannel.core.PeerBuilder;
import io.backchannel.testing.TestAuth;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A cluster console in a child JVM: {@code <bootstrapServers> <topic> <nodeId> <ttlMillis>
 * [relay]} listens on loopback TCP, joins the cluster on the topic and prints {@code READY <bound
 * uri>}; with {@code relay} it relays calls between consoles (role {@code console}, with a console
 * token). It runs until its standard input closes (or it is killed).
 */
public final class ClusterConsoleMain {
  private ClusterConsoleMain() {}

  public static void main(String[] args) throws IOException {
    KafkaClusterStore store = KafkaClusterStore.builder(args[0], args[1]).build();
    PeerBuilder builder = Peer.builder().nodeId(args[2]).authenticator(TestAuth.authenticator())
        .cluster(store, Duration.ofMillis(Long.parseLong(args[3])));
    if (args.length > 4 && args[4].equals("relay")) {
      builder.role("console").credential(TestAuth.token("default", args[2], "console")).consoleRole("console");
    }
    try (Peer console = builder.build()) {
      System.out.println("READY " + console.listen("tcp://127.0.0.1:0").uri());
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (in.readLine() != null) {
        // runs until stdin closes
      }
    }
  }
}
