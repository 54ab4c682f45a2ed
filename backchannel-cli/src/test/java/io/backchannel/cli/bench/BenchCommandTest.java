package io.backchannel.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.backchannel.cli.Backchannel;
import io.backchannel.cli.node.ConsoleNode;
import io.backchannel.core.Peer;
import io.backchannel.core.auth.Authenticator;
import io.backchannel.testing.TestAuth;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code backchannel bench} against a real console in this JVM, with a few calls. */
class BenchCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = new CommandLine(new Backchannel());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void measuresTheConsolesEchoAndPrintsPercentiles() {
    try (ConsoleNode console = ConsoleNode.listen("tcp://127.0.0.1:0", Authenticator.insecureAllowAll(), r -> {})) {
      assertThat(run("bench", console.uri().toString(), "-n", "300", "-c", "4", "--size", "1000")).isZero();
    }
    assertThat(out.toString())
        .contains("300 calls of 1,000 B to node console", "4 in flight", "30 warm-up calls not counted", "errors: 0")
        .containsPattern("throughput: [\\d,]+ calls/s")
        .containsPattern("p50 [\\d.,]+  p90 [\\d.,]+  p99 [\\d.,]+  p99\\.9 [\\d.,]+");
    assertThat(err.toString()).contains("\rmeasure [", "300/300 calls");
  }

  @Test
  void jsonIsOneObjectForMachines() throws Exception {
    try (ConsoleNode console = ConsoleNode.listen("tcp://127.0.0.1:0", TestAuth.authenticator(), r -> {})) {
      assertThat(run("bench", console.uri().toString(), "-n", "200", "-c", "8", "--warmup", "0", "--json", "--no-progress",
          "--node-id", "bench", "--token", TestAuth.token("bench"))).isZero();
    }
    JsonNode json = new JsonMapper().readTree(out.toString());
    assertThat(json.get("node").asString()).isEqualTo("console");
    assertThat(json.get("calls").asInt()).isEqualTo(200);
    assertThat(json.get("concurrency").asInt()).isEqualTo(8);
    assertThat(json.get("payloadBytes").asInt()).isEqualTo(64);
    assertThat(json.get("errors").asInt()).isZero();
    assertThat(json.get("callsPerSecond").asDouble()).isPositive();
    JsonNode latency = json.get("latencyMicros");
    assertThat(latency.get("p50").asDouble()).isPositive();
    assertThat(latency.get("p99").asDouble()).isGreaterThanOrEqualTo(latency.get("p50").asDouble());
    assertThat(latency.get("p99.9").asDouble()).isGreaterThanOrEqualTo(latency.get("p99").asDouble());
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aPeerWithoutEchoIsExplainedInOneLine() {
    try (Peer other = Peer.builder().nodeId("plain").authenticator(Authenticator.insecureAllowAll()).build()) {
      String uri = other.listen("tcp://127.0.0.1:0").uri().toString();
      assertThat(run("bench", uri, "-n", "10", "--no-progress")).isEqualTo(1);
    }
    assertThat(err.toString()).startsWith("backchannel bench: node plain").contains("exports no Echo service")
        .doesNotContain("\tat ");
  }

  @Test
  void badArgumentsAreRefused() {
    assertThat(run("bench", "tcp://127.0.0.1:1", "-c", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--concurrency");
  }
}
