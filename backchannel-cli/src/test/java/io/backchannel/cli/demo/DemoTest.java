package io.backchannel.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code backchannel demo} as a real process, which starts its own sidecar JVMs. */
class DemoTest {

  @Test
  void theDemoRunsEveryStepAndExitsZeroWithoutWarnings(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process demo = new ProcessBuilder(JavaLauncher.current().backchannel("demo"))
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    boolean exited = demo.waitFor(80, TimeUnit.SECONDS);
    if (!exited) {
      demo.destroyForcibly();
    }

    String stdout = read(out);
    assertThat(exited).as("demo exited in time; it printed:%n%s", stdout).isTrue();
    assertThat(read(err)).as("stderr (warnings, stack traces, log noise)").isEmpty();
    assertThat(demo.exitValue()).as("exit code; the demo printed:%n%s", stdout).isZero();
    assertThat(stdout)
        .doesNotContain("FAILED")
        .contains("[sidecar-1] connected to node console, registered, assigned job=sync orders-db -> warehouse")
        .contains("[sidecar-2] connected to node console, registered, assigned job=sync billing-db -> ledger")
        .contains("sidecar-1: tenant acme, pid ", "role sidecar, exports [Sidecar]")
        .contains("console served Console.register for sidecar-1 [request ")
        .contains("its handler called Console.config on the console")
        .contains("Target.node(\"sidecar-1\") status() -> sidecar-1 pid ")
        .contains("Target.node(\"sidecar-2\") status() -> sidecar-2 pid ")
        .contains("<- job=sync orders-db -> warehouse: batch 3 copied")
        .contains("<- GAMMA (by sidecar-2)")
        .contains("threw SidecarException: component 'replicator' is not running on sidecar-1")
        .contains("its cause: RemoteException, remote type io.backchannel.cli.node.SidecarException, request ")
        .contains("DeadlineExceededException: deadline exceeded calling Sidecar.slow on node sidecar-2")
        .containsPattern("sidecar-2's handler for request [0-9a-f]+: interrupted after \\d+ ms")
        .contains("[sidecar-1] stopping: stdin closed", "sidecar-1 exited with code 0")
        .contains("sidecar-3: tenant bolt, pid ")
        .contains("intruder: peer rejected the connection: invalid token signature")
        .contains("sidecar-1 (acme) asks sidecar-2 (acme): sidecar-2 pid ")
        .contains("sidecar-3 (bolt) asks sidecar-1 (acme): NoRouteException: no route to node 'sidecar-1'")
        .contains("failed with ConnectionLostException")
        .contains("[sidecar-3] stopping: stdin closed", "sidecar-3 exited with code 0")
        .contains("demo finished: 14 steps ok")
        .endsWith("demo finished: 14 steps ok" + System.lineSeparator());
    // Least-loaded promises to steer away from a loaded node, not an exact split: which node
    // serves each call depends on when load reports arrive.
    Map<String, Integer> loaded = counts(stdout, "40 concurrent calls, sidecar-2 loaded: ");
    assertThat(loaded.values().stream().mapToInt(Integer::intValue).sum()).as("calls served: %s", loaded).isEqualTo(40);
    assertThat(loaded.getOrDefault("sidecar-2", 0)).as("calls the loaded sidecar-2 served: %s", loaded).isLessThanOrEqualTo(4);
    assertThat(loaded.keySet()).as("nodes that served").isSubsetOf("sidecar-1", "sidecar-2");
    // After sidecar-2 is killed, sidecar-1 is the only acme node left: every call is its.
    assertThat(counts(stdout, "10 more least-loaded calls: ")).containsOnlyKeys("sidecar-1");
  }

  /** The {@code {node=count, ...}} map the demo printed after {@code prefix}. */
  private static Map<String, Integer> counts(String stdout, String prefix) {
    Matcher line = Pattern.compile(Pattern.quote(prefix) + "\\{([^}]*)}").matcher(stdout);
    assertThat(line.find()).as("the demo printed %s{...}", prefix).isTrue();
    Map<String, Integer> counts = new TreeMap<>();
    for (String entry : line.group(1).split(", ")) {
      String[] pair = entry.split("=");
      counts.put(pair[0], Integer.parseInt(pair[1]));
    }
    return counts;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file);
  }
}
