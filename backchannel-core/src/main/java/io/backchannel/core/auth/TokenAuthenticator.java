package io.backchannel.core.auth;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accepts nodes that present a valid {@link Tokens} bearer token issued for the node id they
 * claim. The token decides tenant and role. Tokens can be revoked by id ({@code jti}) or all tokens
 * of a node at once. Thread-safe.
 */
public final class TokenAuthenticator implements Authenticator {
  private final Tokens tokens;
  private final Set<String> revokedTokens = ConcurrentHashMap.newKeySet();
  private final Set<String> revokedNodes = ConcurrentHashMap.newKeySet();

  public TokenAuthenticator(Tokens tokens) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  /** Refuses the token with this id from now on. */
  public void revokeToken(String tokenId) {
    revokedTokens.add(tokenId);
  }

  /** Refuses every token of {@code tenant}/{@code nodeId} from now on. */
  public void revokeNode(String tenant, String nodeId) {
    revokedNodes.add(tenant + "/" + nodeId);
  }

  @Override
  public Principal authenticate(AuthenticationRequest request) throws AuthenticationException {
    String token = request.bearerToken();
    if (token == null || token.isEmpty()) {
      throw new AuthenticationException("no credential: a bearer token is required");
    }
    TokenClaims claims = tokens.verify(token);
    if (revokedTokens.contains(claims.tokenId()) || revokedNodes.contains(claims.tenant() + "/" + claims.nodeId())) {
      throw new AuthenticationException("token revoked");
    }
    if (!claims.nodeId().equals(request.nodeId())) {
      throw new AuthenticationException("token was issued for another node id");
    }
    if (request.tenant() != null && !request.tenant().equals(claims.tenant())) {
      throw new AuthenticationException("token was issued for another tenant");
    }
    return new Principal(claims.nodeId(), claims.tenant(), claims.role(), claims.expiresAt());
  }
}
