package io.backchannel.cli.bench;

import io.backchannel.BackchannelException;
import io.backchannel.cli.echo.EchoService;
import io.backchannel.core.node.Connection;
import io.backchannel.core.Peer;
import io.backchannel.core.PeerBuilder;
import java.io.PrintWriter;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code backchannel bench}: measures echo calls to a running peer (a console exports Echo). */
@Command(
    name = "bench",
    description = {
        "Dials a running peer (e.g. 'backchannel console'), calls its Echo service N times with C calls in",
        "flight, and prints throughput and latency percentiles (HdrHistogram). Warm-up calls are not counted."})
public final class BenchCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<uri>", description = "The peer to dial, e.g. tcp://127.0.0.1:7000.")
  private String uri;

  @Option(names = {"-n", "--calls"}, defaultValue = "10000", paramLabel = "<n>", description = "Measured calls (default: ${DEFAULT-VALUE}).")
  private int calls;

  @Option(names = {"-c", "--concurrency"}, defaultValue = "16", paramLabel = "<c>",
      description = "Calls in flight, one virtual thread each (default: ${DEFAULT-VALUE}).")
  private int concurrency;

  @Option(names = {"-s", "--size"}, defaultValue = "64", paramLabel = "<bytes>", description = "Payload size (default: ${DEFAULT-VALUE}).")
  private int size;

  @Option(names = "--warmup", paramLabel = "<n>", description = "Warm-up calls, not counted (default: a tenth of the calls, at most 10,000).")
  private @Nullable Integer warmup;

  @Option(names = "--token", paramLabel = "<token>",
      description = "Bearer token to present; defaults to BACKCHANNEL_TOKEN. Not needed for a console run with --insecure.")
  private @Nullable String token;

  @Option(names = "--node-id", paramLabel = "<id>",
      description = "This node's id, which a token must name (default: bench-<random>).")
  private @Nullable String nodeId;

  @Option(names = "--json", description = "Print one JSON object instead of text (progress still goes to stderr).")
  private boolean json;

  @Option(names = "--no-progress", description = "Do not draw the progress bar.")
  private boolean noProgress;

  @Override
  public Integer call() throws Exception {
    if (calls < 1 || concurrency < 1 || size < 0 || (warmup != null && warmup < 0)) {
      throw new ParameterException(spec.commandLine(), "--calls and --concurrency must be at least 1, --size and --warmup at least 0");
    }
    int warmupCalls = warmup != null ? warmup : Math.min(10_000, calls / 10);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return bench(warmupCalls, out, err);
    } catch (BackchannelException | IllegalStateException e) {
      err.println("backchannel bench: " + e.getMessage());
      return 1;
    }
  }

  private int bench(int warmupCalls, PrintWriter out, PrintWriter err) throws Exception {
    try (Peer peer = peer()) {
      Connection connection = peer.dial(uri);
      String node = connection.remote().nodeId();
      if (!connection.remote().services().contains("Echo")) {
        throw new IllegalStateException("node " + node + " at " + uri + " exports no Echo service (it has "
            + connection.remote().services() + "); run 'backchannel console' or export EchoService");
      }
      BenchRun bench = new BenchRun(connection.proxy(EchoService.class), concurrency, size);
      if (warmupCalls > 0) {
        try (ProgressLine progress = progress(err, "warm-up", warmupCalls)) {
          bench.run(warmupCalls, progress);
        }
      }
      BenchRun.Outcome outcome;
      try (ProgressLine progress = progress(err, "measure", calls)) {
        outcome = bench.run(calls, progress);
      }
      BenchResult result = new BenchResult(uri, node, calls, concurrency, size, warmupCalls, outcome.errors(),
          outcome.seconds(), outcome.latencyNanos());
      if (json) {
        out.println(new JsonMapper().writeValueAsString(result.toMap()));
      } else {
        out.print(result.toText());
      }
      out.flush();
      if (outcome.firstError() != null) {
        err.println("first error: " + outcome.firstError());
      }
      return outcome.errors() == calls ? 1 : 0;
    }
  }

  private Peer peer() {
    PeerBuilder builder = Peer.builder().nodeId(nodeId != null ? nodeId : "bench-" + UUID.randomUUID().toString().substring(0, 8));
    String credential = token != null ? token : System.getenv("BACKCHANNEL_TOKEN");
    if (credential != null && !credential.isBlank()) {
      builder.credential(credential);
    }
    return builder.build();
  }

  private @Nullable ProgressLine progress(PrintWriter err, String label, int total) {
    return noProgress ? null : ProgressLine.start(err, label, total);
  }
}
