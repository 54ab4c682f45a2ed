package io.backchannel.spring.boot.internal.peer;

import io.backchannel.core.auth.Tokens;
import io.backchannel.spring.boot.BackchannelProperties;

/** Builds the {@link Tokens} of {@code backchannel.auth.*}. */
public final class TokensFactory {
  private TokensFactory() {}

  public static Tokens tokens(BackchannelProperties.Auth auth) {
    if (auth.isInsecure()) {
      throw new IllegalArgumentException(
          "backchannel.auth.insecure=true and token keys (key-file, jwk-set-file) contradict each other: give one");
    }
    Tokens.Builder tokens = Tokens.builder(TokenKeyFiles.read(auth.getKeyFile(), auth.getJwkSetFile()));
    if (auth.getMaxTokenLifetime() != null) {
      tokens.maxLifetime(auth.getMaxTokenLifetime());
    }
    if (auth.getClockSkew() != null) {
      tokens.clockSkew(auth.getClockSkew());
    }
    if (auth.getIssuer() != null) {
      tokens.issuer(auth.getIssuer());
    }
    if (auth.getAudience() != null) {
      tokens.audience(auth.getAudience());
    }
    return tokens.build();
  }
}
