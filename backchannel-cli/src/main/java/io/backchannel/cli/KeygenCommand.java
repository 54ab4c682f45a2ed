package io.backchannel.cli;

import io.backchannel.core.auth.TokenKeys;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backchannel keygen}: prints a new token key line for a console's key file. */
@Command(name = "keygen", description = "Prints a new random 256-bit token key as '<key-id> <base64 secret>'.")
final class KeygenCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--kid", paramLabel = "<key-id>", defaultValue = "k1", description = "The key id (default: ${DEFAULT-VALUE}).")
  private String keyId;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(keyId + " " + TokenKeys.generateSecret());
    return 0;
  }
}
