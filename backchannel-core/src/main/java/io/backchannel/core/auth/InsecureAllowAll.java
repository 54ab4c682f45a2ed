package io.backchannel.core.auth;

/** Takes every node at its word. */
final class InsecureAllowAll implements Authenticator {
  @Override
  public Principal authenticate(AuthenticationRequest request) {
    return new Principal(request.nodeId(), request.tenant() == null ? Principal.DEFAULT_TENANT : request.tenant(),
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
