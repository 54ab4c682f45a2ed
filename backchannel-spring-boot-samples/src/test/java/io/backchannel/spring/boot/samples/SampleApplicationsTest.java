package io.backchannel.spring.boot.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.backchannel.core.auth.TokenKeys;
import io.backchannel.core.auth.Tokens;
import io.backchannel.spring.boot.samples.console.ConsoleApplication;
import io.backchannel.spring.boot.samples.sidecar.SidecarApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample console and sidecar, each a Spring Boot application in its own JVM over a real TCP
 * socket: the sidecar authenticates with a token, calls the console through its injected proxy,
 * and the console calls the sidecar back through its own; SIGTERM makes the sidecar leave.
 */
class SampleApplicationsTest {
  @TempDir Path dir;

  @Test
  void theConsoleAndTheSidecarCallEachOtherThroughInjectedProxies() throws Exception {
    String secret = TokenKeys.generateSecret();
    Path keys = Files.writeString(dir.resolve("console-keys.txt"), "k1 " + secret + "\n");
    String token = new Tokens(TokenKeys.builder().addBase64("k1", secret).build())
        .issue("default", "sidecar-1", "node", Duration.ofHours(1));

    try (ChildApplication console = new ChildApplication(ConsoleApplication.class, Map.of(),
        "--backchannel.listen=tcp://127.0.0.1:0", "--backchannel.auth.key-file=" + keys)) {
      String port = console.awaitLine(Pattern.compile("backchannel node console listening on tcp://127\\.0\\.0\\.1:(\\d+)"));
      try (ChildApplication sidecar = new ChildApplication(SidecarApplication.class, Map.of("BACKCHANNEL_TOKEN", token),
          "--backchannel.connect.uri=tcp://127.0.0.1:" + port)) {
        assertThat(sidecar.awaitLine(Pattern.compile("(console noted .*)")))
            .isEqualTo("console noted 'sidecar up'; a worker said: ran backup");
        // SIGTERM: Boot closes the context, so the sidecar leaves gracefully (the console is told) before it exits.
        assertThat(sidecar.terminate()).isEqualTo(143);
        console.awaitLine(Pattern.compile("node sidecar-1 is leaving"));
      }
    }
  }
}
