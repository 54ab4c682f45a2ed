package io.backchannel.core.auth;

import com.nimbusds.jose.JWSAlgorithm;

/** The JWS algorithms tokens may be signed with. Every key is bound to exactly one of them. */
public enum TokenAlgorithm {
  /** HMAC-SHA256 with a shared secret of at least 256 bits: whoever verifies can also issue. */
  HS256(JWSAlgorithm.HS256),
  /** ECDSA on P-256: the console holds only the public key. */
  ES256(JWSAlgorithm.ES256),
  /** Ed25519 ({@code alg} "EdDSA", or RFC 9864's "Ed25519"): the console holds only the public key. */
  EDDSA(JWSAlgorithm.EdDSA),
  /** RSASSA-PKCS1-v1_5 with SHA-256, keys of at least 2048 bits: for identity providers that only sign with RSA. */
  RS256(JWSAlgorithm.RS256);

  private final JWSAlgorithm jws;

  TokenAlgorithm(JWSAlgorithm jws) {
    this.jws = jws;
  }

  JWSAlgorithm jws() {
    return jws;
  }

  boolean accepts(JWSAlgorithm header) {
    return jws.equals(header) || (this == EDDSA && JWSAlgorithm.Ed25519.equals(header));
  }
}
