package io.backchannel.spring.boot.internal.peer;

import io.backchannel.core.auth.TokenKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Reads the verification keys of {@code backchannel.auth}: HS256 secrets, one {@code <key-id>
 * <base64 secret>} per line ('#' starts a comment), and a JWK set; either or both. The same line
 * format as the CLI's {@code --key-file}.
 */
final class TokenKeyFiles {
  private TokenKeyFiles() {}

  static TokenKeys read(@Nullable Path secrets, @Nullable Path jwkSet) {
    TokenKeys.Builder keys = TokenKeys.builder();
    if (jwkSet != null) {
      try {
        keys.addJwkSet(readString(jwkSet));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("backchannel.auth.jwk-set-file " + jwkSet + ": " + e.getMessage(), e);
      }
    }
    if (secrets != null) {
      int line = 0;
      for (String text : readString(secrets).lines().toList()) {
        line++;
        String trimmed = text.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] parts = trimmed.split("\\s+");
        if (parts.length != 2) {
          throw new IllegalArgumentException(
              "backchannel.auth.key-file " + secrets + ":" + line + ": expected '<key-id> <base64 secret>'");
        }
        keys.addBase64(parts[0], parts[1]);
      }
    }
    return keys.build();
  }

  static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
