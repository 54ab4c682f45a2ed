package io.backchannel.cli;

import io.backchannel.core.auth.TokenAlgorithm;
import io.backchannel.core.auth.TokenKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code backchannel keygen}: a new HS256 secret line, or an ES256/EdDSA key pair as JWK set files. */
@Command(name = "keygen", description = {
    "HS256 (default): prints a new random 256-bit secret as '<key-id> <base64 secret>' for a key file.",
    "ES256 or EdDSA: writes <dir>/<key-id>.private.jwks (owner-only; 'token' signs with it) and",
    "<dir>/<key-id>.jwks (the public keys: give it to the console, which then holds no signing secret)."})
final class KeygenCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--kid", paramLabel = "<key-id>", defaultValue = "k1", description = "The key id (default: ${DEFAULT-VALUE}).")
  private String keyId;

  @Option(names = "--alg", paramLabel = "<alg>", defaultValue = "HS256",
      description = "HS256, ES256 or EdDSA (default: ${DEFAULT-VALUE}).")
  private String algorithm;

  @Option(names = "--dir", paramLabel = "<dir>", defaultValue = ".",
      description = "Where ES256/EdDSA key files go (default: the current directory).")
  private Path dir;

  @Override
  public Integer call() throws IOException {
    TokenAlgorithm alg = switch (algorithm.toUpperCase(Locale.ROOT)) {
      case "HS256" -> TokenAlgorithm.HS256;
      case "ES256" -> TokenAlgorithm.ES256;
      case "EDDSA", "ED25519" -> TokenAlgorithm.EDDSA;
      default -> throw new ParameterException(spec.commandLine(), "--alg must be HS256, ES256 or EdDSA, was '" + algorithm + "'");
    };
    if (alg == TokenAlgorithm.HS256) {
      spec.commandLine().getOut().println(keyId + " " + TokenKeys.generateSecret());
      return 0;
    }
    TokenKeys.GeneratedKeyPair pair = TokenKeys.generateKeyPair(keyId, alg);
    Path privateFile = dir.resolve(keyId + ".private.jwks");
    Path publicFile = dir.resolve(keyId + ".jwks");
    if (Files.exists(privateFile) || Files.exists(publicFile)) {
      throw new ParameterException(spec.commandLine(), privateFile + " or " + publicFile + " exists; not overwriting a key");
    }
    Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(privateFile, pair.privateJwkSet());
    Files.writeString(publicFile, pair.publicJwkSet());
    spec.commandLine().getOut().println("private key (keep secret, signs tokens): " + privateFile);
    spec.commandLine().getOut().println("public keys (for the console's --key-file): " + publicFile);
    return 0;
  }
}
