package io.backchannel.cli.demo;

import io.backchannel.ConnectionLostException;
import io.backchannel.DeadlineExceededException;
import io.backchannel.PeerRejectedException;
import io.backchannel.RemoteException;
import io.backchannel.cli.node.ConsoleNode;
import io.backchannel.cli.node.ConsoleService.Served;
import io.backchannel.cli.node.SidecarApi;
import io.backchannel.cli.node.SidecarException;
import io.backchannel.core.CallOptions;
import io.backchannel.core.node.Connection;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeSelector;
import io.backchannel.core.Peer;
import io.backchannel.core.node.Target;
import io.backchannel.core.auth.TokenAuthenticator;
import io.backchannel.core.auth.TokenAlgorithm;
import io.backchannel.core.auth.TokenKeys;
import io.backchannel.core.auth.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * The steps of the demo and the nodes they share: the console runs in this process, each sidecar
 * in a child JVM. Steps run in order on one thread at a time; {@link #close} ends everything
 * started so far, whichever step failed.
 */
final class DemoScript implements Script {
  /** Each sidecar's tenant: two share one, the third is alone in another. */
  private static final Map<String, String> TENANTS = orderedMap("sidecar-1", "acme", "sidecar-2", "acme", "sidecar-3", "bolt");
  private static final List<String> SIDECARS = List.copyOf(TENANTS.keySet());
  private static final NodeSelector ACME_SIDECARS = NodeSelector.service("Sidecar").withTenant("acme");
  /**
   * An ES256 key pair made for this run only: the demo issues sidecar tokens with the private key,
   * as an identity provider would; the console holds only the public key, so it cannot issue any.
   */
  private final TokenKeys.GeneratedKeyPair keyPair = TokenKeys.generateKeyPair("demo", TokenAlgorithm.ES256);
  private final Tokens issuer = new Tokens(TokenKeys.fromJwkSet(keyPair.privateJwkSet()));
  /** Generous: two JVMs start at once, possibly on a busy two-core machine. */
  private static final Duration STARTUP = Duration.ofSeconds(45);
  private static final Duration CALL = Duration.ofSeconds(5);
  private static final Duration SHORT_DEADLINE = Duration.ofMillis(300);

  private final Narrator narrator;
  private final JavaLauncher launcher;
  private final Map<String, ChildProcess> children = new LinkedHashMap<>();
  private @Nullable ConsoleNode console;

  DemoScript(Narrator narrator, JavaLauncher launcher) {
    this.narrator = narrator;
    this.launcher = launcher;
  }

  @Override
  public List<Step> steps() {
    return List.of(
        new Step("The console listens on an ephemeral loopback port", CALL, this::listen),
        new Step("Three sidecars of two tenants start, each a JVM of its own, and dial the console",
            STARTUP.plusSeconds(5), this::startSidecars),
        new Step("Who dialed in, as the console sees each connection", CALL, this::identities),
        new Step("A node with a forged token is refused at setup", CALL, this::forgedToken),
        new Step("Sidecars call the console over the connections they dialed", CALL, this::sidecarsCallConsole),
        new Step("The console calls each sidecar by node id", CALL, this::consoleCallsSidecars),
        new Step("Request-stream: sidecar-1 streams its last three log lines", CALL, this::requestStream),
        new Step("Request-channel: records go to sidecar-2 and come back transformed", CALL, this::requestChannel),
        new Step("A handler error arrives as the exception the method declares", CALL, this::handlerError),
        new Step("A call misses its " + SHORT_DEADLINE.toMillis() + " ms deadline; the sidecar's handler is interrupted", CALL,
            this::deadlineExceeded),
        new Step("Tenants: sidecars reach each other through the console, only within their tenant", CALL, this::tenants),
        new Step("Least-loaded routing spreads calls by load", Duration.ofSeconds(20), this::leastLoaded),
        new Step("sidecar-2 is killed mid-run: its calls fail fast, later calls go to the others",
            Duration.ofSeconds(20), this::killSidecar),
        new Step("Shutdown: each remaining sidecar exits when its stdin closes", Duration.ofSeconds(20), this::shutdown));
  }

  private void listen() {
    console = ConsoleNode.listen("tcp://127.0.0.1:0", new TokenAuthenticator(new Tokens(TokenKeys.fromJwkSet(keyPair.publicJwkSet()))), registration -> {});
    narrator.say("console: pid %d, node id '%s', listening on %s",
        ProcessHandle.current().pid(), ConsoleNode.NODE_ID, console.uri());
  }

  private void startSidecars() throws Exception {
    ConsoleNode console = console();
    for (String id : SIDECARS) {
      // Started together so that their JVMs boot in parallel; their output is shown one after the other.
      // The token travels in the environment, not the command line, which other users can read.
      String token = issuer.issue(tenant(id), id, "sidecar", Duration.ofHours(1));
      children.put(id, ChildProcess.start(id, launcher.backchannel(
          "sidecar", "--node-id", id, "--console", console.uri().toString()), Map.of("BACKCHANNEL_TOKEN", token), narrator));
    }
    for (ChildProcess child : children.values()) {
      child.awaitReady(STARTUP);
    }
    for (String id : SIDECARS) {
      // A sidecar is READY once its registration call returned, so the console holds its connection.
      console.peer().connection(id).orElseThrow(() -> new IllegalStateException("the console has no connection to " + id));
    }
    narrator.say("console: %s connected; the console dialed nobody", String.join(", ", SIDECARS));
  }

  private void identities() {
    for (String id : SIDECARS) {
      NodeInfo node = connection(id).remote();
      narrator.say("%s: tenant %s, pid %s, java %s, role %s, exports %s",
          node.nodeId(), node.tenant(), node.tags().get("pid"), node.tags().get("java"), node.role(), node.services());
      require(node.tenant().equals(TENANTS.get(id)), id + " is in tenant " + node.tenant() + ", not " + TENANTS.get(id));
      String pid = node.tags().get("pid");
      require(Long.toString(child(id).pid()).equals(pid),
          id + " announced pid " + pid + " but the demo started pid " + child(id).pid());
    }
  }

  private void sidecarsCallConsole() {
    ConsoleNode console = console();
    // By caller, each in the order it called.
    List<Served> served = console.service().served().stream().sorted(Comparator.comparing(Served::caller)).toList();
    for (Served call : served) {
      narrator.say("console served %s for %s [request %s]", call.route(), call.caller(), call.requestId());
    }
    String job = console.sidecar("sidecar-2").refreshConfig();
    Served last = console.service().served().getLast();
    narrator.say("sidecar-2.refreshConfig(): its handler called %s on the console [request %s] and got \"%s\"",
        last.route(), last.requestId(), job);
    require(last.caller().equals("sidecar-2") && last.route().equals("Console.config"),
        "the console did not see sidecar-2 call Console.config: " + last);
  }

  private void consoleCallsSidecars() {
    for (String id : SIDECARS) {
      String status = console().sidecar(id).status();
      narrator.say("Target.node(\"%s\") status() -> %s", id, status);
      require(status.startsWith(id + " pid " + child(id).pid()), "unexpected status from " + id + ": " + status);
    }
  }

  private void requestStream() throws Exception {
    SidecarApi sidecar = console().sidecar("sidecar-1");
    Flux<String> lines = CallOptions.deadline(CALL).call(() -> sidecar.tail(3));
    int received = 0;
    for (String line : lines.toIterable()) {
      narrator.say("<- %s", line);
      received++;
    }
    require(received == 3, "expected 3 lines, got " + received);
  }

  private void requestChannel() throws Exception {
    SidecarApi sidecar = console().sidecar("sidecar-2");
    List<String> sent = List.of("alpha", "beta", "gamma");
    narrator.say("-> %s", String.join(", ", sent));
    Flux<String> transformed = CallOptions.deadline(CALL).call(() -> sidecar.transform(Flux.fromIterable(sent)));
    List<String> received = new ArrayList<>();
    for (String record : transformed.toIterable()) {
      narrator.say("<- %s", record);
      received.add(record);
    }
    require(received.size() == sent.size(), "sent " + sent.size() + " records, got back " + received);
  }

  private void handlerError() {
    try {
      String answer = console().sidecar("sidecar-1").restart("replicator");
      throw new IllegalStateException("restart returned \"" + answer + "\" instead of failing");
    } catch (SidecarException e) {
      narrator.say("sidecar-1.restart(\"replicator\") threw %s: %s", e.getClass().getSimpleName(), e.getMessage());
      if (!(e.getCause() instanceof RemoteException remote)) {
        throw new IllegalStateException("the declared exception has no RemoteException cause", e);
      }
      narrator.say("its cause: RemoteException, remote type %s, request %s", remote.remoteType(), remote.requestId());
    }
  }

  private void deadlineExceeded() throws Exception {
    SidecarApi sidecar = console().sidecar("sidecar-2");
    long start = System.nanoTime();
    DeadlineExceededException expired;
    try {
      String answer = CallOptions.deadline(SHORT_DEADLINE).call(() -> sidecar.slow(60_000));
      throw new IllegalStateException("slow() returned \"" + answer + "\" within the deadline");
    } catch (DeadlineExceededException e) {
      expired = e;
    }
    narrator.say("after %d ms: DeadlineExceededException: %s",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), expired.getMessage());
    String requestId = expired.requestId();
    if (requestId == null) {
      throw new IllegalStateException("the exception carries no request id");
    }
    String outcome = CallOptions.deadline(CALL).call(() -> sidecar.slowOutcome(requestId));
    narrator.say("sidecar-2's handler for request %s: %s", requestId, outcome);
    require(outcome.startsWith("interrupted"), "the handler was not interrupted: " + outcome);
  }

  private void forgedToken() {
    // The console logs every refusal at WARN; here the narrative tells it, so keep stderr for failures.
    ch.qos.logback.classic.Logger refusals =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.backchannel.auth");
    ch.qos.logback.classic.Level level = refusals.getLevel();
    refusals.setLevel(ch.qos.logback.classic.Level.ERROR);
    try {
      tryForgedToken();
    } finally {
      refusals.setLevel(level);
    }
  }

  private void tryForgedToken() {
    // Same key id, same algorithm, another key: the signature gives it away.
    Tokens forger = new Tokens(TokenKeys.fromJwkSet(TokenKeys.generateKeyPair("demo", TokenAlgorithm.ES256).privateJwkSet()));
    try (Peer intruder = Peer.builder().nodeId("intruder").credential(forger.issue("acme", "intruder", "sidecar", Duration.ofHours(1)))
        .build()) {
      intruder.dial(console().uri().toString());
      throw new IllegalStateException("the console accepted a forged token");
    } catch (PeerRejectedException e) {
      narrator.say("intruder: %s", e.getMessage());
    }
    require(console().peer().connection("intruder").map(io.backchannel.core.node.Connection::remote).isEmpty(), "the intruder reached the registry");
    narrator.say("console registry: %s (no intruder)", ids(console().peer().registry().nodes()));
  }

  private void tenants() {
    String sameTenant = console().sidecar("sidecar-1").ask("sidecar-2");
    narrator.say("sidecar-1 (acme) asks sidecar-2 (acme): %s", sameTenant);
    require(sameTenant.startsWith("sidecar-2 pid"), "sidecar-1 could not reach sidecar-2: " + sameTenant);
    String otherTenant = console().sidecar("sidecar-3").ask("sidecar-1");
    narrator.say("sidecar-3 (bolt) asks sidecar-1 (acme): %s", otherTenant);
    require(otherTenant.startsWith("NoRouteException"), "sidecar-3 reached another tenant: " + otherTenant);
    String nobody = console().sidecar("sidecar-3").ask("sidecar-9");
    narrator.say("sidecar-3 (bolt) asks sidecar-9 (no such node): %s", nobody);
  }

  private void leastLoaded() throws Exception {
    SidecarApi acme = console().peer().proxy(SidecarApi.class, Target.leastLoaded(ACME_SIDECARS));
    narrator.say("40 concurrent calls, equal load: %s", spread(acme, 40, 50));
    console().sidecar("sidecar-2").reportLoad(100);
    narrator.say("sidecar-2 now reports an application load of 100");
    Map<String, Integer> loaded = Map.of();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    // The new figure arrives with sidecar-2's next load report (every 100 ms): call until it shows.
    while (System.nanoTime() < deadline && (loaded.isEmpty() || loaded.getOrDefault("sidecar-2", 0) > 4)) {
      loaded = spread(acme, 40, 50);
    }
    narrator.say("40 concurrent calls, sidecar-2 loaded: %s", loaded);
    require(loaded.getOrDefault("sidecar-2", 0) <= 4, "least-loaded kept sending to the loaded sidecar-2: " + loaded);
  }

  private void killSidecar() throws Exception {
    SidecarApi sidecar2 = console().sidecar("sidecar-2");
    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(CompletableFuture.supplyAsync(
          () -> sidecar2.slow(30_000), task -> Thread.ofVirtual().start(task)));
    }
    long waitUntil = System.nanoTime() + CALL.toNanos();
    while (sidecar2.busy() < 4) {
      require(System.nanoTime() < waitUntil, "sidecar-2 did not start the four calls");
    }
    narrator.say("4 calls in flight on sidecar-2 (deadline 30 s each); kill -9 pid %d", child("sidecar-2").pid());
    long killed = System.nanoTime();
    ChildProcess victim = child("sidecar-2");
    children.remove("sidecar-2");
    victim.kill();
    for (CompletableFuture<String> call : calls) {
      try {
        call.get(10, TimeUnit.SECONDS);
        throw new IllegalStateException("a call on the killed sidecar succeeded");
      } catch (java.util.concurrent.ExecutionException e) {
        require(e.getCause() instanceof ConnectionLostException, "expected ConnectionLostException, got " + e.getCause());
      }
    }
    narrator.say("all 4 failed with ConnectionLostException %d ms after the kill",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
    SidecarApi acme = console().peer().proxy(SidecarApi.class, Target.leastLoaded(ACME_SIDECARS));
    Map<String, Integer> after = spread(acme, 10, 10);
    narrator.say("10 more least-loaded calls: %s", after);
    require(after.keySet().equals(java.util.Set.of("sidecar-1")), "calls went elsewhere than sidecar-1: " + after);
  }

  /** Makes {@code calls} concurrent work calls through {@code proxy} and counts who served them. */
  private static Map<String, Integer> spread(SidecarApi proxy, int calls, long millis) throws Exception {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<String>> results = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        results.add(threads.submit(() -> proxy.work(millis)));
      }
      for (java.util.concurrent.Future<String> result : results) {
        counts.merge(result.get(), 1, Integer::sum);
      }
    }
    return counts;
  }

  private static List<String> ids(List<NodeInfo> nodes) {
    return nodes.stream().map(NodeInfo::nodeId).sorted().toList();
  }

  private static Map<String, String> orderedMap(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  private void shutdown() throws Exception {
    for (ChildProcess child : children.values()) {
      Connection connection = connection(child.name());
      int exitCode = child.stop(Duration.ofSeconds(8));
      connection.onClose().get(5, TimeUnit.SECONDS);
      narrator.say("%s exited with code %d; the console saw its connection close", child.name(), exitCode);
      require(exitCode == 0, child.name() + " exited with code " + exitCode);
    }
    children.clear();
    console().close();
    narrator.say("console closed");
  }

  /** Ends every child still running, then the console. Idempotent. */
  @Override
  public void close() {
    children.values().forEach(ChildProcess::close);
    children.clear();
    if (console != null) {
      console.close();
    }
  }

  private ConsoleNode console() {
    if (console == null) {
      throw new IllegalStateException("the console is not running");
    }
    return console;
  }

  private Connection connection(String id) {
    return console().peer().connection(id)
        .orElseThrow(() -> new IllegalStateException("the console has no connection to " + id));
  }

  private static void require(boolean condition, String failure) {
    if (!condition) {
      throw new IllegalStateException(failure);
    }
  }

  private ChildProcess child(String id) {
    return Objects.requireNonNull(children.get(id), () -> "the demo started no process " + id);
  }

  private static String tenant(String sidecarId) {
    return Objects.requireNonNull(TENANTS.get(sidecarId), () -> "no tenant for " + sidecarId);
  }
}
