package io.backchannel.core.auth;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * Issues and verifies Backchannel bearer tokens:
 *
 * <pre>bc1.&lt;base64url(claims JSON)&gt;.&lt;base64url(HMAC-SHA256(key[kid], "bc1." + claims part))&gt;</pre>
 *
 * <p>The claims are {@link TokenClaims} as JSON ({@code kid, jti, tenant, node, role, iat, exp}).
 * Verification checks the signature in constant time with the key the token names, then the
 * expiry. See {@code docs/security.md}. Thread-safe.
 */
public final class Tokens {
  private static final String PREFIX = "bc1.";
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final TokenKeys keys;
  private final Clock clock;

  public Tokens(TokenKeys keys) {
    this(keys, Clock.systemUTC());
  }

  /** With an explicit clock, for tests. */
  public Tokens(TokenKeys keys, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A token for {@code nodeId} of {@code tenant} with {@code role}, valid for {@code ttl}. */
  public String issue(String tenant, String nodeId, String role, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    long now = clock.instant().getEpochSecond();
    TokenClaims claims = new TokenClaims(
        keys.signingKeyId(), UUID.randomUUID().toString(), tenant, nodeId, role, now, now + ttl.toSeconds());
    try {
      String signed = PREFIX + ENCODER.encodeToString(JSON.writeValueAsBytes(claims));
      return signed + "." + ENCODER.encodeToString(keys.sign(claims.keyId(), signed));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The claims of a valid token.
   *
   * @throws AuthenticationException if it is malformed, signed with an unknown key, forged or expired
   */
  public TokenClaims verify(String token) throws AuthenticationException {
    if (!token.startsWith(PREFIX)) {
      throw new AuthenticationException("malformed token: expected bc1.<claims>.<signature>");
    }
    int dot = token.lastIndexOf('.');
    if (dot <= PREFIX.length()) {
      throw new AuthenticationException("malformed token: expected bc1.<claims>.<signature>");
    }
    String signed = token.substring(0, dot);
    TokenClaims claims;
    byte[] signature;
    try {
      claims = JSON.readValue(DECODER.decode(signed.substring(PREFIX.length())), TokenClaims.class);
      signature = DECODER.decode(token.substring(dot + 1));
    } catch (IOException | IllegalArgumentException e) {
      throw new AuthenticationException("malformed token");
    }
    if (claims == null) {
      throw new AuthenticationException("malformed token"); // the claims were JSON null
    }
    if (claims.keyId() == null || !keys.verify(claims.keyId(), signed, signature)) {
      throw new AuthenticationException("invalid token signature");
    }
    if (clock.instant().getEpochSecond() >= claims.expiresAtEpochSecond()) {
      throw new AuthenticationException("token expired at " + claims.expiresAt());
    }
    return claims;
  }
}
