package io.backchannel.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The point of a sidecar: it dials out and listens on nothing. Runs the {@code console} and
 * {@code sidecar} commands as real processes and inspects their sockets in {@code /proc}.
 */
@EnabledOnOs(OS.LINUX)
class SidecarOpensNoPortTest {
  private static final Duration STARTUP = Duration.ofSeconds(45);

  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final Narrator narrator = new Narrator(
      new PrintStream(output, true, StandardCharsets.UTF_8), new PrintStream(output, true, StandardCharsets.UTF_8));
  private ChildProcess console;
  private ChildProcess sidecar;

  @AfterEach
  void endChildren() {
    if (sidecar != null) {
      sidecar.close();
    }
    if (console != null) {
      console.close();
    }
  }

  @Test
  void aConnectedSidecarHoldsAnEstablishedSocketAndNoListeningOne() throws Exception {
    JavaLauncher launcher = JavaLauncher.current();
    console = ChildProcess.start("console", launcher.backchannel("console", "--listen", "tcp://127.0.0.1:0", "--insecure"),
        java.util.Map.of(), narrator);
    String uri = console.awaitReady(STARTUP);
    sidecar = ChildProcess.start("sidecar-9", launcher.backchannel("sidecar", "--node-id", "sidecar-9", "--console", uri),
        java.util.Map.of("BACKCHANNEL_TOKEN", "unchecked by an insecure console"), narrator);
    sidecar.awaitReady(STARTUP);

    // The console listens, which shows the /proc reading finds listeners when there are some.
    assertThat(ProcSockets.tcpStates(console.pid())).contains(ProcSockets.LISTEN);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(ProcSockets.tcpStates(sidecar.pid())).contains(ProcSockets.ESTABLISHED).doesNotContain(ProcSockets.LISTEN));

    assertThat(sidecar.stop(Duration.ofSeconds(10))).as("sidecar exit code after stdin closed").isZero();
    console.terminate(Duration.ofSeconds(10));
    assertThat(output.toString(StandardCharsets.UTF_8))
        .contains("[sidecar-9] connected to node console, registered, assigned job=standby")
        .containsPattern("\\[console] registered sidecar-9 \\(pid \\d+, java 25")
        .contains("[sidecar-9] stopping: stdin closed");
  }
}
