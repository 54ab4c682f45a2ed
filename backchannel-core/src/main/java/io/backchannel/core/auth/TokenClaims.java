package io.backchannel.core.auth;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a verified token asserts.
 *
 * @param keyId the signing key's id ({@code kid} header), for rotation; null if the token names none
 * @param tokenId the token's id ({@code jti}), for revocation; null if the issuer set none
 * @param tenant the {@code tenant} claim
 * @param nodeId the subject ({@code sub}): the node the token was issued for
 * @param role the {@code role} claim, {@link Principal#DEFAULT_ROLE} if absent
 * @param issuedAt {@code iat}
 * @param expiresAt {@code exp}
 */
public record TokenClaims(
    @Nullable String keyId,
    @Nullable String tokenId,
    String tenant,
    String nodeId,
    String role,
    Instant issuedAt,
    Instant expiresAt) {}
