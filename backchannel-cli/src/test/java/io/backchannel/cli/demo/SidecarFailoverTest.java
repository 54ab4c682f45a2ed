package io.backchannel.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.cli.node.ConsoleNode;
import io.backchannel.core.auth.Authenticator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code backchannel sidecar} given two consoles ({@code --console} repeated): a real sidecar
 * process keeps a link to one and, when that console closes, moves to the other instead of exiting.
 */
class SidecarFailoverTest {
  private static final Duration STARTUP = Duration.ofSeconds(45);
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final Narrator narrator = new Narrator(
      new PrintStream(output, true, StandardCharsets.UTF_8), new PrintStream(output, true, StandardCharsets.UTF_8));
  private final ConsoleNode first = ConsoleNode.listen("tcp://127.0.0.1:0", Authenticator.insecureAllowAll(), registration -> {});
  private final ConsoleNode second = ConsoleNode.listen("tcp://127.0.0.1:0", Authenticator.insecureAllowAll(), registration -> {});
  private ChildProcess sidecar;

  @AfterEach
  void end() {
    if (sidecar != null) {
      sidecar.close();
    }
    first.close();
    second.close();
  }

  @Test
  void aSidecarGivenTwoConsolesMovesToTheOtherWhenItsConsoleCloses() throws Exception {
    ConsoleNode holder = startSidecar();
    ConsoleNode other = holder == first ? second : first;

    holder.close();

    await().atMost(WAIT).until(() -> other.peer().connection("sidecar-7").isPresent());
    assertThat(other.sidecar("sidecar-7").status()).startsWith("sidecar-7 pid " + sidecar.pid());
    assertThat(sidecar.stop(WAIT)).as("exit code after stdin closed").isZero();
    assertThat(output.toString(StandardCharsets.UTF_8))
        .contains("[sidecar-7] pid " + sidecar.pid() + ", dialing one of " + first.uri() + ", " + second.uri())
        .contains("[sidecar-7] stopping: stdin closed");
  }

  @Test
  void aLeavingConsolesSidecarMovesBeforeTheConsoleLetsGo() throws Exception {
    ConsoleNode holder = startSidecar();
    ConsoleNode other = holder == first ? second : first;

    // What the console command does on SIGTERM: the sidecar reaches the other console first.
    Thread leaving = Thread.ofVirtual().start(() -> holder.leave(Duration.ofMinutes(5)));

    await().atMost(WAIT).until(() -> other.peer().connection("sidecar-7").isPresent());
    leaving.join(WAIT);
    assertThat(leaving.isAlive()).as("the leave ended once its sidecar had moved").isFalse();
    assertThat(other.sidecar("sidecar-7").status()).startsWith("sidecar-7 pid " + sidecar.pid());
    assertThat(sidecar.stop(WAIT)).as("exit code after stdin closed").isZero();
  }

  /** Starts the sidecar with both consoles; returns the one it dialed. */
  private ConsoleNode startSidecar() throws Exception {
    sidecar = ChildProcess.start("sidecar-7", JavaLauncher.current().backchannel("sidecar", "--node-id", "sidecar-7",
        "--console", first.uri().toString(), "--console", second.uri().toString()),
        Map.of("BACKCHANNEL_TOKEN", "unchecked by an insecure console"), narrator);
    sidecar.awaitReady(STARTUP);
    await().atMost(WAIT).until(() -> first.peer().connection("sidecar-7").isPresent()
        || second.peer().connection("sidecar-7").isPresent());
    ConsoleNode holder = first.peer().connection("sidecar-7").isPresent() ? first : second;
    ConsoleNode other = holder == first ? second : first;
    assertThat(other.peer().connection("sidecar-7")).isEmpty();
    return holder;
  }
}
