package io.backchannel.cli;

import io.backchannel.core.auth.Tokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backchannel token}: issues a bearer token for one node of one tenant. */
@Command(name = "token", description = "Issues a signed, expiring bearer token for a node, with the newest key of a key file.")
final class TokenCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--key-file", required = true, paramLabel = "<file>", description = "The console's key file.")
  private Path keyFile;

  @Option(names = "--tenant", required = true, paramLabel = "<tenant>", description = "The node's tenant.")
  private String tenant;

  @Option(names = "--node-id", required = true, paramLabel = "<id>", description = "The node id the token is for.")
  private String nodeId;

  @Option(names = "--role", defaultValue = "node", paramLabel = "<role>", description = "The node's role (default: ${DEFAULT-VALUE}).")
  private String role;

  @Option(names = "--ttl", defaultValue = "PT24H", paramLabel = "<duration>",
      description = "How long the token is valid, ISO-8601 (default: ${DEFAULT-VALUE}).")
  private Duration ttl;

  @Override
  public Integer call() throws Exception {
    spec.commandLine().getOut().println(new Tokens(KeyFiles.read(keyFile)).issue(tenant, nodeId, role, ttl));
    return 0;
  }
}
