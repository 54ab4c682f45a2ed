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
@Command(name = "token", description = "Issues a signed, expiring bearer token (a JWT) for a node, with the newest signing key of a key file.")
final class TokenCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--key-file", required = true, paramLabel = "<file>",
      description = "HS256 secrets ('<key-id> <base64 secret>' lines) or a private JWK set from 'keygen --alg ES256|EdDSA'.")
  private Path keyFile;

  @Option(names = "--tenant", required = true, paramLabel = "<tenant>", description = "The node's tenant.")
  private String tenant;

  @Option(names = "--node-id", required = true, paramLabel = "<id>", description = "The node id the token is for.")
  private String nodeId;

  @Option(names = "--role", defaultValue = "node", paramLabel = "<role>", description = "The node's role (default: ${DEFAULT-VALUE}).")
  private String role;

  @Option(names = "--ttl", defaultValue = "PT24H", paramLabel = "<duration>",
      description = "How long the token is valid, ISO-8601 (default: ${DEFAULT-VALUE}); at most --max-lifetime.")
  private Duration ttl;

  @Option(names = "--max-lifetime", defaultValue = "PT24H", paramLabel = "<duration>",
      description = "The longest ttl allowed; consoles refuse longer-lived tokens unless configured alike (default: ${DEFAULT-VALUE}).")
  private Duration maxLifetime;

  @Override
  public Integer call() throws Exception {
    spec.commandLine().getOut().println(Tokens.builder(KeyFiles.read(keyFile)).maxLifetime(maxLifetime).build().issue(tenant, nodeId, role, ttl));
    return 0;
  }
}
