package io.backchannel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's parsing, in process: no peers start. */
class BackchannelTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = Backchannel.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void withoutACommandItExplainsAndFails() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("Missing command", "demo", "console", "sidecar");
  }

  @Test
  void helpListsTheCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("demo", "console", "sidecar");
  }

  @Test
  void versionPrintsTheBuildsVersionAndTheJavaRuntime() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString())
        .containsPattern("^backchannel \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R")
        .contains("Java " + Runtime.version(), System.getProperty("java.home"));
  }

  @Test
  void aSidecarNeedsANodeId() {
    assertThat(run("sidecar", "--console", "tcp://127.0.0.1:1")).isEqualTo(2);
    assertThat(err.toString()).contains("--node-id");
  }

  @Test
  void aSidecarNeedsAToken() {
    assertThat(run("sidecar", "--node-id", "x", "--console", "tcp://127.0.0.1:1")).isEqualTo(2);
    assertThat(err.toString()).contains("BACKCHANNEL_TOKEN");
  }

  @Test
  void aConsoleNeedsKeysOrAnExplicitInsecureMode() {
    assertThat(run("console", "--listen", "tcp://127.0.0.1:0")).isEqualTo(2);
    assertThat(err.toString()).contains("--key-file", "--insecure");
  }

  @Test
  void keygenAndTokenIssueTokensTheConsoleAccepts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    assertThat(run("keygen", "--kid", "k1")).isZero();
    java.nio.file.Path keys = dir.resolve("keys");
    java.nio.file.Files.writeString(keys, out.toString());
    out.getBuffer().setLength(0);
    assertThat(run("token", "--key-file", keys.toString(), "--tenant", "acme", "--node-id", "s1", "--role", "sidecar")).isZero();
    String token = out.toString().strip();
    assertThat(token.split("\\.")).hasSize(3); // a compact JWS
    var claims = new io.backchannel.core.auth.Tokens(KeyFiles.read(keys)).verify(token);
    assertThat(claims.tenant()).isEqualTo("acme");
    assertThat(claims.nodeId()).isEqualTo("s1");
    assertThat(claims.role()).isEqualTo("sidecar");
    assertThat(claims.keyId()).isEqualTo("k1");
  }

  @Test
  void keygenWritesKeyPairsWhosePublicHalfVerifiesAndCannotIssue(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    for (String alg : new String[] {"ES256", "EdDSA"}) {
      String kid = "idp-" + alg.toLowerCase(java.util.Locale.ROOT);
      assertThat(run("keygen", "--alg", alg, "--kid", kid, "--dir", dir.toString())).isZero();
      java.nio.file.Path privateSet = dir.resolve(kid + ".private.jwks");
      java.nio.file.Path publicSet = dir.resolve(kid + ".jwks");
      assertThat(java.nio.file.Files.getPosixFilePermissions(privateSet))
          .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
      assertThat(java.nio.file.Files.readString(publicSet)).doesNotContain("\"d\"");
      out.getBuffer().setLength(0);
      assertThat(run("token", "--key-file", privateSet.toString(), "--tenant", "acme", "--node-id", "s2")).isZero();
      String token = out.toString().strip();
      var claims = new io.backchannel.core.auth.Tokens(KeyFiles.read(publicSet)).verify(token);
      assertThat(claims.nodeId()).isEqualTo("s2");
      assertThat(claims.keyId()).isEqualTo(kid);
      err.getBuffer().setLength(0);
      assertThat(run("token", "--key-file", publicSet.toString(), "--tenant", "acme", "--node-id", "s2")).isNotZero();
      assertThat(err.toString()).contains("only verify");
    }
  }

  @Test
  void tokenRefusesATtlBeyondTheMaximumLifetime(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path keys = dir.resolve("keys");
    java.nio.file.Files.writeString(keys, "k1 " + io.backchannel.core.auth.TokenKeys.generateSecret() + "\n");
    assertThat(run("token", "--key-file", keys.toString(), "--tenant", "a", "--node-id", "n", "--ttl", "P7D")).isNotZero();
    assertThat(err.toString()).contains("PT24H");
    out.getBuffer().setLength(0);
    assertThat(run("token", "--key-file", keys.toString(), "--tenant", "a", "--node-id", "n", "--ttl", "P7D",
        "--max-lifetime", "P7D")).isZero();
  }

  @Test
  void aSidecarThatCannotReachTheConsoleFailsInOneLine() {
    assertThat(run("sidecar", "--node-id", "lost", "--token", "t", "--console", "tcp://127.0.0.1:1")).isEqualTo(1);
    assertThat(err.toString()).startsWith("backchannel sidecar: cannot connect to tcp://127.0.0.1:1").doesNotContain("\tat ");
  }
}
