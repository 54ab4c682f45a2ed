package io.backchannel.testing;

import io.backchannel.core.auth.TokenAuthenticator;
import io.backchannel.core.auth.TokenKeys;
import io.backchannel.core.auth.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Real signed tokens for tests: one fixed test key, tokens valid for an hour. */
public final class TestAuth {
  public static final Tokens TOKENS =
      new Tokens(TokenKeys.of("test", "a test key that is at least 32 bytes".getBytes(StandardCharsets.UTF_8)));

  private TestAuth() {}

  /** A fresh authenticator trusting {@link #TOKENS}. */
  public static TokenAuthenticator authenticator() {
    return new TokenAuthenticator(TOKENS);
  }

  /** A token for {@code nodeId} of the default tenant. */
  public static String token(String nodeId) {
    return token("default", nodeId, "node");
  }

  public static String token(String tenant, String nodeId, String role) {
    return TOKENS.issue(tenant, nodeId, role, Duration.ofHours(1));
  }
}
