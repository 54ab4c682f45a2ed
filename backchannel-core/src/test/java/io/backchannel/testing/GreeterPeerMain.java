package io.backchannel.testing;

import io.backchannel.core.node.Link;
import io.backchannel.core.Server;
import io.backchannel.core.Peer;
import java.io.IOException;
import java.time.Duration;

/**
 * A Backchannel peer in a child JVM, exporting {@link GreeterImpl}: {@code listen <uri> <nodeId>}
 * prints {@code READY <bound uri>}; {@code dial <uri> <nodeId>} keeps a link to the uri and prints
 * {@code READY <nodeId>} once connected. It runs until its standard input closes, or leaves
 * gracefully (draining its calls for up to 30 s) when it reads the line {@code leave}.
 */
public final class GreeterPeerMain {
  private GreeterPeerMain() {}

  public static void main(String[] args) throws IOException {
    String mode = args[0];
    String uri = args[1];
    String nodeId = args[2];
    GreeterImpl greeter = new GreeterImpl(nodeId);
    Peer peer = Peer.builder()
        .nodeId(nodeId)
        .credential(TestAuth.token(nodeId))
        .authenticator(TestAuth.authenticator())
        .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(500))
        .export(Greeter.class, greeter)
        .build();
    greeter.peer = peer;
    if (mode.equals("listen")) {
      Server listener = peer.listen(uri);
      System.out.println("READY " + listener.uri());
    } else {
      Link link = peer.connect(uri);
      link.awaitConnection(Duration.ofSeconds(30));
      System.out.println("READY " + nodeId);
    }
    System.out.flush();
    java.io.BufferedReader commands = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
    for (String line = commands.readLine(); line != null; line = commands.readLine()) {
      if (line.equals("leave")) {
        peer.leave(Duration.ofSeconds(30));
        System.out.println("LEFT");
        System.out.flush();
        return;
      }
    }
    peer.close();
  }
}
