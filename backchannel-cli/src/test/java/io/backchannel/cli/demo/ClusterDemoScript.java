package io.backchannel.cli.demo;

import static org.awaitility.Awaitility.await;

import io.backchannel.core.auth.TokenAlgorithm;
import io.backchannel.core.auth.TokenKeys;
import io.backchannel.core.auth.Tokens;
import io.backchannel.transport.kafka.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The steps of the cluster demo: a KRaft broker, three consoles and three sidecars, each a JVM of
 * its own; the consoles share one registry on a compacted topic of the broker, every sidecar is
 * given all three console URIs, and one console is killed with SIGKILL. Steps run in order on one
 * thread at a time; {@link #close} ends every process started so far, whichever step failed, and
 * may also run from a shutdown hook.
 */
final class ClusterDemoScript implements Script {
  private static final List<String> CONSOLES = List.of("console-1", "console-2", "console-3");
  private static final Map<String, String> TENANTS = Map.of("sidecar-1", "acme", "sidecar-2", "acme", "sidecar-3", "bolt");
  private static final List<String> SIDECARS = List.of("sidecar-1", "sidecar-2", "sidecar-3");
  /** Short, so that a dead console's entries expire within the demo: about {@code TTL} after its last heartbeat. */
  private static final Duration TTL = Duration.ofSeconds(2);
  /** Generous: three JVMs start at once, possibly on a busy two-core machine. */
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration CALL = Duration.ofSeconds(15);

  private final TokenKeys.GeneratedKeyPair keyPair = TokenKeys.generateKeyPair("cluster-demo", TokenAlgorithm.ES256);
  private final Tokens issuer = new Tokens(TokenKeys.fromJwkSet(keyPair.privateJwkSet()));
  private final Narrator narrator;
  private final JavaLauncher launcher;
  private final String topic = TestBroker.freshTopic("backchannel-demo-cluster");
  private final Map<String, ChildProcess> consoles = new LinkedHashMap<>();
  private final Map<String, ChildProcess> sidecars = new LinkedHashMap<>();
  private final List<ChildProcess> killed = new ArrayList<>();
  private final List<String> consoleUris = new ArrayList<>();
  /** Which console each sidecar is connected to, as it last told. */
  private final Map<String, String> holders = new TreeMap<>();
  private @Nullable TestBroker broker;
  private boolean closed;

  ClusterDemoScript(Narrator narrator, JavaLauncher launcher) {
    this.narrator = narrator;
    this.launcher = launcher;
  }

  @Override
  public List<Step> steps() {
    return List.of(
        new Step("A KRaft broker starts in a JVM of its own: the store of the consoles' shared registry", STARTUP, this::startBroker),
        new Step("Three consoles start, each a JVM of its own, and join one registry on a compacted topic", STARTUP,
            this::startConsoles),
        new Step("Three sidecars of two tenants start, each given all three console URIs (Peer.connect(List))", STARTUP,
            this::startSidecars),
        new Step("One registry: every console lists every sidecar, marked with the console holding it", CALL,
            () -> awaitRegistries("all three consoles")),
        new Step("Each sidecar calls the console it is connected to", CALL, this::sidecarsCallTheirConsole),
        new Step("Each console calls every sidecar by node id, through the console holding it when not itself", CALL,
            this::consolesCallEverySidecar),
        new Step("kill -9 the console holding sidecar-1 while a call of sidecar-1 is in flight there", CALL,
            this::killConsole),
        new Step("Later calls succeed: the sidecars of the dead console carry on through another", CALL,
            this::sidecarsCarryOn),
        new Step("The survivors' registries converge: nothing at the dead console, each moved sidecar listed once",
            CALL.plus(TTL.multipliedBy(3)), () -> awaitRegistries("both survivors")),
        new Step("Shutdown: each sidecar, then each console, exits when its stdin closes; the broker stops",
            Duration.ofSeconds(30), this::shutdown));
  }

  private void startBroker() {
    broker = TestBroker.start();
    narrator.say("broker serving at %s; the registry's topic: %s (compacted)", broker.bootstrapServers(), topic);
  }

  private void startConsoles() throws Exception {
    for (String id : CONSOLES) {
      // The consoles hold only the public key: they verify tokens and can issue none. Each gets a
      // console token, with which it proves itself to the others when it relays to them.
      String token = issuer.issue("ops", id, "console", Duration.ofHours(1));
      consoles.put(id, ChildProcess.start(id, launcher.main(ClusterConsoleMain.class.getName(),
          id, broker().bootstrapServers(), topic, Long.toString(TTL.toMillis())),
          Map.of("BACKCHANNEL_JWKS", keyPair.publicJwkSet(), "BACKCHANNEL_TOKEN", token), narrator));
    }
    for (ChildProcess console : consoles.values()) {
      consoleUris.add(console.awaitReady(STARTUP));
    }
    narrator.say("console URIs: %s", String.join(" ", consoleUris));
  }

  private void startSidecars() throws Exception {
    for (String id : SIDECARS) {
      List<String> args = new ArrayList<>(List.of(id));
      args.addAll(consoleUris);
      String token = issuer.issue(tenant(id), id, "sidecar", Duration.ofHours(1));
      sidecars.put(id, ChildProcess.start(id, launcher.main(ClusterSidecarMain.class.getName(), args.toArray(String[]::new)),
          Map.of("BACKCHANNEL_TOKEN", token), narrator));
    }
    for (Map.Entry<String, ChildProcess> sidecar : sidecars.entrySet()) {
      holders.put(sidecar.getKey(), sidecar.getValue().awaitReady(STARTUP));
    }
    narrator.say("each dialed a console of the list at random: %s", holders);
  }

  /**
   * Waits until each running console sees exactly the running consoles alive and lists exactly the
   * sidecars of {@link #holders}, each once, at its holder.
   */
  private void awaitRegistries(String who) throws Exception {
    List<String> expected = new ArrayList<>(List.of(Integer.toString(consoles.size())));
    holders.forEach((sidecar, holder) -> expected.add(sidecar + "=" + holder));
    long start = System.nanoTime();
    for (Map.Entry<String, ChildProcess> console : consoles.entrySet()) {
      AtomicReference<List<String>> last = new AtomicReference<>(List.of());
      try {
        await().atMost(CALL.plus(TTL.multipliedBy(3))).pollInSameThread().pollInterval(Duration.ofMillis(100))
            .until(() -> {
              last.set(registry(console.getValue()));
              return last.get().equals(expected);
            });
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new IllegalStateException(console.getKey() + " lists " + last.get() + ", expected " + expected);
      }
      narrator.say("%s sees %s consoles alive; registry(): %s", console.getKey(), last.get().getFirst(),
          describe(console.getKey(), last.get().subList(1, last.get().size())));
    }
    narrator.say("%s agree, %d ms after the step began", who, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  /** The console's live consoles, then its registry's entries: {@code [3, sidecar-1=console-2, ...]}. */
  private static List<String> registry(ChildProcess console) throws Exception {
    console.send("registry");
    String[] answer = console.awaitLine("REGISTRY ", CALL).split(" ", 2);
    List<String> result = new ArrayList<>(List.of(answer[0]));
    if (answer.length > 1 && !answer[1].isEmpty()) {
      result.addAll(Arrays.asList(answer[1].split(",")));
    }
    return result;
  }

  /** {@code sidecar-1 at console-2, sidecar-2 at console-1 (here), ...}. */
  private static String describe(String console, List<String> entries) {
    return String.join(", ", entries.stream().map(entry -> {
      String[] pair = entry.split("=", 2);
      return pair[0] + " at " + pair[1] + (pair[1].equals(console) ? " (here)" : "");
    }).toList());
  }

  private void sidecarsCallTheirConsole() throws Exception {
    for (String id : SIDECARS) {
      String answer = hello(id);
      require(answer.startsWith(holders.get(id) + " answered " + id), id + " got \"" + answer + "\", not from " + holders.get(id));
    }
  }

  /** Has {@code id} call its console; returns the answer. */
  private String hello(String id) throws Exception {
    ChildProcess sidecar = sidecar(id);
    sidecar.send("hello");
    String result = sidecar.awaitLine("HELLO", CALL);
    require(result.startsWith(" "), id + "'s call failed: " + result);
    String answer = result.substring(1);
    narrator.say("%s -> Desk.hello: %s", id, answer);
    return answer;
  }

  private void consolesCallEverySidecar() throws Exception {
    for (Map.Entry<String, ChildProcess> console : consoles.entrySet()) {
      for (String id : SIDECARS) {
        ChildProcess caller = console.getValue();
        // A console links to the others a heartbeat after it reads theirs: the first call may find no route yet.
        AtomicReference<String> answer = new AtomicReference<>();
        await().atMost(CALL).pollInSameThread().pollInterval(Duration.ofMillis(100)).until(() -> {
          caller.send("call " + tenant(id) + " " + id);
          answer.set(caller.awaitLine("CALLED ", CALL));
          return !answer.get().startsWith("!NoRouteException");
        });
        require(answer.get().startsWith(id), console.getKey() + " calling " + id + " got \"" + answer.get() + "\"");
        String holder = holders.get(id);
        narrator.say("%s -> %s%s: %s", console.getKey(), id,
            holder.equals(console.getKey()) ? "" : " (relayed through " + holder + ")", answer.get());
      }
    }
  }

  private void killConsole() throws Exception {
    String victimId = Objects.requireNonNull(holders.get("sidecar-1"));
    ChildProcess victim = Objects.requireNonNull(consoles.get(victimId));
    List<String> moving = holders.entrySet().stream().filter(e -> e.getValue().equals(victimId)).map(Map.Entry::getKey).toList();
    sidecar("sidecar-1").send("hold");
    victim.awaitLine("HOLDING ", CALL);
    narrator.say("sidecar-1's Desk.hold is in flight on %s; it holds %s; kill -9 pid %d", victimId, moving, victim.pid());
    long start = System.nanoTime();
    consoles.remove(victimId);
    killed.add(victim);
    victim.kill();
    String ended = sidecar("sidecar-1").awaitLine("HOLD-ENDED ", CALL);
    narrator.say("sidecar-1's call failed %d ms after the kill: %s", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), ended);
    require(ended.startsWith("ConnectionLostException"), "expected ConnectionLostException, got: " + ended);
  }

  private void sidecarsCarryOn() throws Exception {
    String victim = killed.getLast().name();
    for (String id : SIDECARS) {
      String before = holders.get(id);
      String answer = hello(id);
      String holder = answer.substring(0, answer.indexOf(' '));
      require(!holder.equals(victim) && consoles.containsKey(holder), id + " was answered by " + holder);
      holders.put(id, holder);
      if (!holder.equals(before)) {
        narrator.say("%s moved from %s to %s", id, before, holder);
      }
    }
  }

  private void shutdown() throws Exception {
    List<ChildProcess> children = new ArrayList<>(sidecars.values());
    children.addAll(consoles.values());
    for (ChildProcess child : children) {
      int exitCode = child.stop(Duration.ofSeconds(10));
      narrator.say("%s exited with code %d", child.name(), exitCode);
      require(exitCode == 0, child.name() + " exited with code " + exitCode);
    }
    sidecars.clear();
    consoles.clear();
    broker().close();
    broker = null;
    narrator.say("broker stopped; no process of the demo is left");
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    sidecars.values().forEach(ChildProcess::close);
    consoles.values().forEach(ChildProcess::close);
    killed.forEach(ChildProcess::close);
    if (broker != null) {
      broker.close();
    }
  }

  private TestBroker broker() {
    return Objects.requireNonNull(broker, "the broker is not running");
  }

  private ChildProcess sidecar(String id) {
    return Objects.requireNonNull(sidecars.get(id), () -> "the demo started no process " + id);
  }

  private static String tenant(String id) {
    return Objects.requireNonNull(TENANTS.get(id), () -> "no tenant for " + id);
  }

  private static void require(boolean condition, String failure) {
    if (!condition) {
      throw new IllegalStateException(failure);
    }
  }
}
