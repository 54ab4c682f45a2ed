package io.backchannel.core.auth;

import io.backchannel.core.transport.TlsIdentity;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Accepts nodes by the client certificate that mutual TLS verified ({@code clientAuth=require} on
 * a {@code tcp+tls://} or {@code wss://} listener): {@code principals} maps a certificate to the
 * node it identifies, or to nothing to refuse it. A node that introduces itself must claim the id
 * the certificate maps to; one that sent no hello is admitted as that node. Thread-safe if {@code principals} is.
 */
public final class CertificateAuthenticator implements Authenticator {
  private final Function<TlsIdentity, Optional<Principal>> principals;

  public CertificateAuthenticator(Function<TlsIdentity, Optional<Principal>> principals) {
    this.principals = Objects.requireNonNull(principals, "principals");
  }

  @Override
  public Principal authenticate(AuthenticationRequest request) throws AuthenticationException {
    TlsIdentity certificate = request.clientCertificate();
    if (certificate == null) {
      throw new AuthenticationException("no credential: a bearer token or a verified client certificate is required");
    }
    Principal principal = principals.apply(certificate)
        .orElseThrow(() -> new AuthenticationException("client certificate " + certificate.name() + " is not allowed"));
    if (request.nodeId() != null && !principal.nodeId().equals(request.nodeId())) {
      throw new AuthenticationException("client certificate " + certificate.name() + " is for another node id");
    }
    return principal;
  }
}
