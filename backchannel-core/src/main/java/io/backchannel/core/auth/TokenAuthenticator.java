package io.backchannel.core.auth;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accepts nodes that present a valid {@link Tokens} bearer token (a JWT). The token decides node id
 * ({@code sub}), tenant and role: a node that introduces itself must claim the same node id (and
 * tenant, if it names one); a plain RSocket client that sent no hello is admitted as the node the
 * token names. Tokens can be revoked by id ({@code jti}) or all tokens
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
    if ((claims.tokenId() != null && revokedTokens.contains(claims.tokenId())) || revokedNodes.contains(claims.tenant() + "/" + claims.nodeId())) {
      throw new AuthenticationException("token revoked");
    }
    if (request.nodeId() != null && !claims.nodeId().equals(request.nodeId())) {
      throw new AuthenticationException("token was issued for another node id");
    }
    if (request.tenant() != null && !request.tenant().equals(claims.tenant())) {
      throw new AuthenticationException("token was issued for another tenant");
    }
    // The session ends when the token stops being accepted, skew included: ending it at exp while a
    // redial with the same token is still admitted would make its dialer reconnect in a loop.
    return new Principal(claims.nodeId(), claims.tenant(), claims.role(), tokens.acceptedUntil(claims.expiresAt()));
  }
}
