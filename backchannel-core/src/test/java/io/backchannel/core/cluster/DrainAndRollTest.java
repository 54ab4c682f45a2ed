package io.backchannel.core.cluster;

import static io.backchannel.testing.TestCluster.BOUND;
import static io.backchannel.testing.TestCluster.holders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.core.node.Connection;
import io.backchannel.core.node.Link;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeSelector;
import io.backchannel.testing.CallLoop;
import io.backchannel.testing.Closer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A console leaves its cluster while sidecars call it non-stop, and a rolling upgrade replaces
 * both consoles, all real peers on loopback TCP in this JVM over one {@link InMemoryCluster}. Every
 * sidecar links to both consoles; a third console holds no session and only watches the registry.
 * No call may fail: the leaving console asks its sidecars to move, they dial the other console
 * before they let go of the old connection, and it waits for them (not for the fellow consoles
 * linked to it to relay calls) before it exits.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DrainAndRollTest {
  private static final Duration TTL = Duration.ofSeconds(3);
  /** Far beyond the test's timeout: a leave must end because its nodes have gone, not because its grace did. */
  private static final Duration GRACE = Duration.ofMinutes(10);
  private static final int SIDECARS = 4;

  private final InMemoryCluster store = InMemoryCluster.create(1_000);
  private final Closer closer = new Closer();
  private final Map<Peer, String> uris = new ConcurrentHashMap<>();
  private final Map<Peer, GreeterImpl> services = new ConcurrentHashMap<>();
  private final List<Link> links = new ArrayList<>();
  private final List<CallLoop> callers = new ArrayList<>();

  @AfterEach
  void close() {
    closer.close();
  }

  @Test
  void aConsoleThatLeavesHandsEverySidecarToTheOtherWithoutFailingACall() throws Exception {
    Peer a = console("console-a", "tcp://127.0.0.1:0");
    Peer b = console("console-b", "tcp://127.0.0.1:0");
    Peer watcher = console("console-c", null);
    sidecarsOn(a, List.of(uris.get(a), uris.get(b)));
    startCalling();

    a.leave(GRACE);

    keepsCallingThrough("console-b");
    stopCalling();
    assertThat(services.get(a).touched).as("calls served by console-a before it left").hasPositiveValue();
    assertThat(localIds(b)).containsExactlyInAnyOrderElementsOf(sidecarIds());
    await().atMost(BOUND).until(() -> b.cluster().orElseThrow().remoteNodes() == 0
        && b.cluster().orElseThrow().liveConsoles() == 2);
    await().atMost(BOUND).until(() -> sidecarIds().stream().allMatch(id -> holders(watcher, id).equals(List.of("console-b"))));
  }

  @Test
  void aRollingUpgradeOfBothConsolesFailsNoCall() throws Exception {
    Peer a = console("console-a", "tcp://127.0.0.1:0");
    Peer b = console("console-b", "tcp://127.0.0.1:0");
    Peer watcher = console("console-c", null);
    String aUri = uris.get(a);
    sidecarsOn(a, List.of(aUri, uris.get(b)));
    startCalling();

    a.leave(GRACE);
    keepsCallingThrough("console-b");
    // The new process of console-a: a new peer, a new incarnation, the address the sidecars know.
    Peer newA = console("console-a", aUri);
    b.leave(GRACE);

    keepsCallingThrough("console-a");
    stopCalling();
    assertThat(services.get(b).touched).as("calls served by console-b between the two leaves").hasPositiveValue();
    assertThat(services.get(newA).touched).hasPositiveValue();
    assertThat(localIds(newA)).containsExactlyInAnyOrderElementsOf(sidecarIds());
    await().atMost(BOUND).until(() -> newA.cluster().orElseThrow().remoteNodes() == 0);
    await().atMost(BOUND).until(() -> sidecarIds().stream().allMatch(id -> holders(watcher, id).equals(List.of("console-a"))));
  }

  /** Links {@link #SIDECARS} sidecars to {@code uris} and moves each one that reached another console to {@code home}. */
  private void sidecarsOn(Peer home, List<String> uris) {
    for (int i = 0; i < SIDECARS; i++) {
      String id = "s" + i;
      Peer sidecar = closer.register(Peer.builder().nodeId(id).credential(TestAuth.token(id))
          .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).build());
      Link link = closer.register(sidecar.connect(uris));
      Connection first = link.awaitConnection(BOUND);
      if (!first.remote().nodeId().equals(home.node().nodeId())) {
        first.close(); // with two URIs, the link's next one is home
      }
      links.add(link);
    }
    await().atMost(BOUND).until(() -> links.stream().allMatch(link -> on(link, home.node().nodeId())));
  }

  private void startCalling() {
    for (int i = 0; i < links.size(); i++) {
      Greeter greeter = links.get(i).proxy(Greeter.class);
      callers.add(closer.register(new CallLoop("s" + i, greeter::touch)));
    }
    callers.forEach(caller -> await().atMost(BOUND).until(() -> caller.succeeded() > 0));
  }

  /** Every sidecar's link is on {@code console}, and each sidecar makes calls through it. */
  private void keepsCallingThrough(String console) {
    assertThat(links).allSatisfy(link -> assertThat(on(link, console)).as("%s is on %s", link, console).isTrue());
    List<Integer> before = callers.stream().map(CallLoop::succeeded).toList();
    for (int i = 0; i < callers.size(); i++) {
      CallLoop caller = callers.get(i);
      int made = before.get(i);
      await().atMost(BOUND).until(() -> caller.succeeded() > made + 10);
    }
  }

  private void stopCalling() throws InterruptedException {
    for (CallLoop caller : callers) {
      caller.close();
    }
    assertThat(callers).allSatisfy(caller -> assertThat(caller.failures()).isEmpty());
  }

  private static boolean on(Link link, String console) {
    return link.connection().map(connection -> connection.remote().nodeId()).orElse("").equals(console);
  }

  private List<String> sidecarIds() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < SIDECARS; i++) {
      ids.add("s" + i);
    }
    return ids;
  }

  /** The nodes {@code console} holds itself. */
  private static List<String> localIds(Peer console) {
    return console.registry().nodes(NodeSelector.anyTenant()).stream().filter(node -> node.console() == null)
        .map(NodeInfo::nodeId).toList();
  }

  /** A console of the cluster exporting a {@link Greeter}, listening on {@code uri} unless it is null. */
  private Peer console(String nodeId, String uri) {
    GreeterImpl service = new GreeterImpl(nodeId);
    Peer console = closer.register(Peer.builder().nodeId(nodeId).role("console")
        .credential(TestAuth.token("default", nodeId, "console")).authenticator(TestAuth.authenticator())
        .export(Greeter.class, service).cluster(store.connect(), TTL).consoleRole("console").build());
    services.put(console, service);
    if (uri != null) {
      uris.put(console, console.listen(uri).uri().toString());
    }
    return console;
  }
}
