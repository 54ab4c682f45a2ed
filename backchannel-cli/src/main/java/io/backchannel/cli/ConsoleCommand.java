package io.backchannel.cli;

import io.backchannel.cli.node.ConsoleNode;
import io.backchannel.core.auth.Authenticator;
import io.backchannel.core.auth.TokenAuthenticator;
import io.backchannel.core.auth.Tokens;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backchannel console}: listens for sidecars until killed. */
@Command(
    name = "console",
    description = {
        "Listens for sidecars, exports the Console and Echo services, and runs until killed.",
        "Prints 'READY <uri>' once listening, then a line per sidecar that registers."})
final class ConsoleCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--listen", paramLabel = "<uri>", defaultValue = "tcp://127.0.0.1:7000",
      description = "Where to listen; port 0 picks a free port (default: ${DEFAULT-VALUE}).")
  private String listen;

  @Option(names = "--key-file", paramLabel = "<file>",
      description = {"The keys sidecar tokens (JWTs) are verified with: HS256 secrets, one '<key-id> <base64 secret>' per line,",
          "or a JWK set of public keys (ES256, EdDSA, RS256), e.g. an identity provider's or 'keygen --alg ES256'."})
  private java.nio.file.@Nullable Path keyFile;

  @Option(names = "--max-token-lifetime", paramLabel = "<duration>", defaultValue = "PT24H",
      description = "Tokens whose exp - iat is longer are refused (default: ${DEFAULT-VALUE}).")
  private java.time.Duration maxTokenLifetime;

  @Option(names = "--token-clock-skew", paramLabel = "<duration>", defaultValue = "PT60S",
      description = "How far issuers' clocks may be off, at most PT5M (default: ${DEFAULT-VALUE}).")
  private java.time.Duration clockSkew;

  @Option(names = "--grace", paramLabel = "<duration>", defaultValue = "PT30S",
      description = {"On SIGTERM, how long to leave gracefully: sidecars given other consoles move to them,",
          "calls being served finish, then the console exits (default: ${DEFAULT-VALUE})."})
  private java.time.Duration grace;

  @Option(names = "--insecure", description = "Accept every sidecar without a token. Only for trusted networks and tests.")
  private boolean insecure;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if ((keyFile == null) == !insecure) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "give exactly one of --key-file <file> (sidecars present tokens) or --insecure (no authentication)");
    }
    java.nio.file.Path keys = keyFile; // null exactly when --insecure, checked above
    Authenticator authenticator = keys == null ? Authenticator.insecureAllowAll()
        : new TokenAuthenticator(Tokens.builder(KeyFiles.read(keys))
            .maxLifetime(maxTokenLifetime).clockSkew(clockSkew).build());
    ConsoleNode console = ConsoleNode.listen(listen, authenticator, registration -> out.printf(
        "registered %s (pid %d, java %s)%n", registration.nodeId(), registration.pid(), registration.java()));
    // Killed is the only way out: on SIGTERM or Ctrl-C, leave gracefully (a rolling restart loses no call).
    Runtime.getRuntime().addShutdownHook(new Thread(() -> console.leave(grace), "console-shutdown"));
    out.println("READY " + console.uri());
    new CountDownLatch(1).await();
    return 0;
  }
}
