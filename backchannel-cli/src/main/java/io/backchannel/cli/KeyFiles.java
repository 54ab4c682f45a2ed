package io.backchannel.cli;

import io.backchannel.core.auth.TokenKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads token keys: one {@code <key-id> <base64 secret>} per line; '#' starts a comment; the last key signs. */
final class KeyFiles {
  private KeyFiles() {}

  static TokenKeys read(Path file) throws IOException {
    TokenKeys.Builder keys = TokenKeys.builder();
    int line = 0;
    for (String text : Files.readAllLines(file)) {
      line++;
      String trimmed = text.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] parts = trimmed.split("\\s+");
      if (parts.length != 2) {
        throw new IllegalArgumentException(file + ":" + line + ": expected '<key-id> <base64 secret>'");
      }
      keys.addBase64(parts[0], parts[1]);
    }
    return keys.build();
  }
}
