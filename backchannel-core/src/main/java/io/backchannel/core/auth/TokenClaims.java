package io.backchannel.core.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * What a token asserts.
 *
 * @param keyId the signing key's id, for rotation
 * @param tokenId unique per token, for revocation
 */
public record TokenClaims(
    @JsonProperty("kid") String keyId,
    @JsonProperty("jti") String tokenId,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("node") String nodeId,
    @JsonProperty("role") String role,
    @JsonProperty("iat") long issuedAtEpochSecond,
    @JsonProperty("exp") long expiresAtEpochSecond) {

  public Instant expiresAt() {
    return Instant.ofEpochSecond(expiresAtEpochSecond);
  }
}
