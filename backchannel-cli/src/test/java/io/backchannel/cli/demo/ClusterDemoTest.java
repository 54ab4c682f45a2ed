package io.backchannel.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the cluster demo as the demo profile does, a real process that starts a broker, three
 * console JVMs and three sidecar JVMs, and checks its story and that it leaves no child behind.
 */
class ClusterDemoTest {

  @Test
  void aKilledConsolesSidecarsCarryOnThroughAnotherAndTheRegistriesConverge(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process demo = new ProcessBuilder(JavaLauncher.current().main(ClusterDemo.class.getName()))
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    boolean exited = demo.waitFor(150, TimeUnit.SECONDS);
    if (!exited) {
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
    }

    String stdout = Files.readString(out);
    assertThat(exited).as("demo exited in time; it printed:%n%s", stdout).isTrue();
    assertThat(Files.readString(err)).as("stderr (warnings, stack traces, log noise)").isEmpty();
    assertThat(demo.exitValue()).as("exit code; the demo printed:%n%s", stdout).isZero();
    assertThat(stdout)
        .doesNotContain("FAILED")
        .containsPattern("\\[sidecar-1] pid \\d+, given 3 console URIs, connected to console-[123]")
        .containsPattern("console-1 sees 3 consoles alive; registry\\(\\): sidecar-1 at console-[123]"
            + "[^,]*, sidecar-2 at console-[123][^,]*, sidecar-3 at console-[123]")
        .contains("all three consoles agree")
        .containsPattern("sidecar-1 -> Desk.hello: console-[123] answered sidecar-1")
        .containsPattern("sidecar-1's call failed \\d+ ms after the kill: ConnectionLostException")
        .containsPattern("sidecar-1 moved from (console-[123]) to console-[123]")
        .containsPattern("sees 2 consoles alive; registry\\(\\): sidecar-1 at console-[123]"
            + "[^,]*, sidecar-2 at console-[123][^,]*, sidecar-3 at console-[123][^,]*\\R")
        .contains("both survivors agree")
        .contains("sidecar-3 exited with code 0", "broker stopped")
        .endsWith("demo finished: 10 steps ok" + System.lineSeparator());
    // Each console and sidecar printed its pid; the broker stopped is the line above.
    Matcher pids = Pattern.compile("] pid (\\d+),").matcher(stdout);
    List<Long> children = new ArrayList<>();
    while (pids.find()) {
      children.add(Long.parseLong(pids.group(1)));
    }
    assertThat(children).as("consoles and sidecars").hasSize(6);
    assertThat(children).as("children still alive").noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
  }
}
