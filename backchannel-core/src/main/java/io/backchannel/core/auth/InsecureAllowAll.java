package io.backchannel.core.auth;

import java.util.UUID;

/** Takes every node at its word; one that sent no hello becomes an anonymous node. */
final class InsecureAllowAll implements Authenticator {
  @Override
  public Principal authenticate(AuthenticationRequest request) {
    String nodeId = request.nodeId() != null ? request.nodeId()
        : "anonymous-" + UUID.randomUUID().toString().substring(0, 8);
    return new Principal(nodeId, request.tenant() == null ? Principal.DEFAULT_TENANT : request.tenant(),
        request.role() == null ? Principal.DEFAULT_ROLE : request.role());
  }

  @Override
  public boolean isInsecure() {
    return true;
  }

  @Override
  public String toString() {
    return "insecureAllowAll";
  }
}
