package io.backchannel.cli;

import io.backchannel.core.auth.TokenKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads token keys in either format: a JWK set ({@code {"keys":[...]}}, e.g. an identity
 * provider's public keys, or the private set {@code keygen} writes), or HS256 secrets, one
 * {@code <key-id> <base64 secret>} per line, '#' starting a comment; the last key that can sign
 * issues.
 */
final class KeyFiles {
  private KeyFiles() {}

  static TokenKeys read(Path file) throws IOException {
    String content = Files.readString(file);
    if (content.strip().startsWith("{")) {
      try {
        return TokenKeys.fromJwkSet(content);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
      }
    }
    TokenKeys.Builder keys = TokenKeys.builder();
    int line = 0;
    for (String text : content.lines().toList()) {
      line++;
      String trimmed = text.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] parts = trimmed.split("\\s+");
      if (parts.length != 2) {
        throw new IllegalArgumentException(file + ":" + line + ": expected '<key-id> <base64 secret>' or a JWK set");
      }
      keys.addBase64(parts[0], parts[1]);
    }
    return keys.build();
  }
}
