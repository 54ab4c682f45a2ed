package io.backchannel.core.auth;

/**
 * Decides whether a node that sent SETUP may join, and as whom. A listening peer must have one;
 * {@link #insecureAllowAll()} exists for tests and demos and is logged as such.
 *
 * <p>Called once per connection attempt on a worker thread (never an I/O thread), so an
 * implementation may block briefly; it must be thread-safe. A listening peer calls it again with
 * the same request every {@code PeerBuilder.credentialRecheck} interval for as long as the session
 * lasts: refusing then (a revoked credential) or returning another identity closes the session. A
 * {@link Principal} with an expiry closes the session when it expires.
 */
@FunctionalInterface
public interface Authenticator {

  /**
   * Authenticates {@code request}.
   *
   * @return the identity the node gets; its tenant and node id override what the node claimed
   * @throws AuthenticationException with a reason that is sent to the node, to refuse it
   */
  Principal authenticate(AuthenticationRequest request) throws AuthenticationException;

  /** Whether this authenticator accepts anyone; such a peer logs a warning when it listens. */
  default boolean isInsecure() {
    return false;
  }

  /**
   * Uses {@code tokens} when the node presents a bearer token, else {@code certificates}: with
   * mutual TLS, a verified client certificate stands in for the token.
   */
  static Authenticator tokenOrCertificate(Authenticator tokens, CertificateAuthenticator certificates) {
    return request -> request.bearerToken() != null ? tokens.authenticate(request) : certificates.authenticate(request);
  }

  /** Accepts every node as it introduces itself. Never use it where untrusted nodes can connect. */
  static Authenticator insecureAllowAll() {
    return new InsecureAllowAll();
  }
}
