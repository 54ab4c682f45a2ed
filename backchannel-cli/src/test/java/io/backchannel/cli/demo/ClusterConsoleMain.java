package io.backchannel.cli.demo;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import io.backchannel.cluster.kafka.KafkaClusterStore;
import io.backchannel.core.Peer;
import io.backchannel.core.node.Target;
import io.backchannel.core.auth.TokenAuthenticator;
import io.backchannel.core.auth.TokenKeys;
import io.backchannel.core.auth.Tokens;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeSelector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * A console of the cluster demo, in a JVM of its own: {@code <nodeId> <bootstrapServers> <topic>
 * <ttlMillis>}, the public JWK set that verifies tokens in {@code BACKCHANNEL_JWKS} and its own
 * console token in {@code BACKCHANNEL_TOKEN} (role {@code console}: the consoles relay calls to
 * each other's sidecars). It joins the registry on the topic, listens on loopback TCP, prints
 * {@code READY <uri>}, then answers commands on stdin: {@code registry} prints {@code REGISTRY
 * <live consoles> <node>=<holder>,...}: how many consoles it sees alive ({@code Peer.cluster()}) and
 * every node its {@code registry()} lists, in order; {@code call <tenant> <node>} calls that
 * sidecar's {@code Worker.status} wherever it is held and prints {@code CALLED <answer>} or
 * {@code CALLED !<error>}. It exits when stdin closes or its parent dies.
 */
public final class ClusterConsoleMain {
  private ClusterConsoleMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    String nodeId = args[0];
    narrateClusterLogs();
    Tokens verifier = new Tokens(TokenKeys.fromJwkSet(System.getenv("BACKCHANNEL_JWKS")));
    CountDownLatch closing = new CountDownLatch(1);
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(2)));
    try (Peer console = Peer.builder().nodeId(nodeId).role("console")
        .authenticator(new TokenAuthenticator(verifier))
        .credential(System.getenv("BACKCHANNEL_TOKEN"))
        .consoleRole("console")
        // Desk.hold is slow on purpose, and on a busy machine a first call may take a second: neither is trouble.
        .slowCallThreshold(Duration.ofMinutes(2))
        .cluster(KafkaClusterStore.builder(args[1], args[2]).build(), Duration.ofMillis(Long.parseLong(args[3])))
        .export(ClusterDesk.class, new Desk(nodeId, closing))
        .build()) {
      String uri = console.listen("tcp://127.0.0.1:0").uri().toString();
      System.out.printf("pid %d, in the registry on topic %s, listening on %s%n", ProcessHandle.current().pid(), args[2], uri);
      System.out.println(ChildProcess.READY + uri);
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.equals("registry")) {
          System.out.println("REGISTRY " + console.cluster().orElseThrow().liveConsoles() + " " + listing(console, nodeId));
        } else if (line.startsWith("call ")) {
          String[] target = line.split(" ");
          System.out.println("CALLED " + status(console, target[1], target[2]));
        }
      }
      closing.countDown();
    }
  }

  /**
   * Sends the cluster's log lines (a dead console's lease expiring is the one this demo expects) to
   * stdout, where the demo prints them in its narrative, instead of stderr, which means trouble.
   */
  private static void narrateClusterLogs() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %logger{0}: %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
    stdout.setContext(context);
    stdout.setEncoder(encoder);
    stdout.start();
    Logger cluster = context.getLogger("io.backchannel.core.internal.cluster");
    cluster.addAppender(stdout);
    cluster.setAdditive(false);
  }

  private static String status(Peer console, String tenant, String node) {
    try {
      return console.proxy(ClusterWorker.class, Target.node(tenant, node)).status();
    } catch (RuntimeException e) {
      return "!" + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  /** Every node {@code console} lists, each with the console holding it, sorted by node id. */
  private static String listing(Peer console, String self) {
    return console.registry().nodes(NodeSelector.anyTenant()).stream()
        .sorted(Comparator.comparing(NodeInfo::nodeId))
        .map(node -> node.nodeId() + "=" + (node.console() == null ? self : node.console()))
        .collect(Collectors.joining(","));
  }

  private record Desk(String nodeId, CountDownLatch closing) implements ClusterDesk {
    @Override
    public String hello(String sidecar) {
      return nodeId + " answered " + sidecar;
    }

    @Override
    public String hold(String sidecar) {
      System.out.println("HOLDING a call of " + sidecar);
      try {
        closing.await(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return nodeId + " let go of " + sidecar;
    }
  }
}
