package io.backchannel.cli.demo;

import io.backchannel.DeadlineExceededException;
import io.backchannel.RemoteException;
import io.backchannel.cli.node.ConsoleNode;
import io.backchannel.cli.node.ConsoleService.Served;
import io.backchannel.cli.node.SidecarApi;
import io.backchannel.cli.node.SidecarException;
import io.backchannel.core.CallOptions;
import io.backchannel.core.auth.TokenAuthenticator;
import io.backchannel.core.auth.TokenKeys;
import io.backchannel.core.auth.Tokens;
import java.util.Base64;
import java.util.Map;
import io.backchannel.core.Connection;
import io.backchannel.core.NodeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * The steps of the demo and the nodes they share: the console runs in this process, each sidecar
 * in a child JVM. Steps run in order on one thread at a time; {@link #close} ends everything
 * started so far, whichever step failed.
 */
final class DemoScript implements AutoCloseable {
  private static final List<String> SIDECARS = List.of("sidecar-1", "sidecar-2");
  /** A key made for this run only: the console accepts sidecars presenting tokens signed with it. */
  private final Tokens tokens = new Tokens(TokenKeys.of("demo", Base64.getDecoder().decode(TokenKeys.generateSecret())));
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

  List<Step> steps() {
    return List.of(
        new Step("The console listens on an ephemeral loopback port", CALL, this::listen),
        new Step("Two sidecars start, each a JVM of its own, and dial the console", STARTUP.plusSeconds(5), this::startSidecars),
        new Step("Who dialed in, as the console sees each connection", CALL, this::identities),
        new Step("Sidecars call the console over the connections they dialed", CALL, this::sidecarsCallConsole),
        new Step("The console calls each sidecar by node id", CALL, this::consoleCallsSidecars),
        new Step("Request-stream: sidecar-1 streams its last three log lines", CALL, this::requestStream),
        new Step("Request-channel: records go to sidecar-2 and come back transformed", CALL, this::requestChannel),
        new Step("A handler error arrives as the exception the method declares", CALL, this::handlerError),
        new Step("A call misses its " + SHORT_DEADLINE.toMillis() + " ms deadline; the sidecar's handler is interrupted", CALL,
            this::deadlineExceeded),
        new Step("Shutdown: each sidecar exits when its stdin closes", Duration.ofSeconds(20), this::shutdown));
  }

  private void listen() {
    console = ConsoleNode.listen("tcp://127.0.0.1:0", new TokenAuthenticator(tokens), registration -> {});
    narrator.say("console: pid %d, node id '%s', listening on %s",
        ProcessHandle.current().pid(), ConsoleNode.NODE_ID, console.uri());
  }

  private void startSidecars() throws Exception {
    ConsoleNode console = console();
    for (String id : SIDECARS) {
      // Started together so that their JVMs boot in parallel; their output is shown one after the other.
      // The token travels in the environment, not the command line, which other users can read.
      String token = tokens.issue("demo", id, "sidecar", Duration.ofHours(1));
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
    narrator.say("console: %s connected; the console dialed nobody", String.join(" and ", SIDECARS));
  }

  private void identities() {
    for (String id : SIDECARS) {
      NodeInfo node = connection(id).remote();
      narrator.say("%s: pid %s, java %s, role %s, exports %s",
          node.nodeId(), node.tags().get("pid"), node.tags().get("java"), node.tags().get("role"), node.services());
      require(node.tags().get("pid").equals(Long.toString(children.get(id).pid())),
          id + " announced pid " + node.tags().get("pid") + " but the demo started pid " + children.get(id).pid());
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
      require(status.startsWith(id + " pid " + children.get(id).pid()), "unexpected status from " + id + ": " + status);
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
    require(requestId != null, "the exception carries no request id");
    String outcome = CallOptions.deadline(CALL).call(() -> sidecar.slowOutcome(requestId));
    narrator.say("sidecar-2's handler for request %s: %s", requestId, outcome);
    require(outcome.startsWith("interrupted"), "the handler was not interrupted: " + outcome);
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
}
