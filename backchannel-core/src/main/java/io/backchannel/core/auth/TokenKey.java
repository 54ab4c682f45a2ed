package io.backchannel.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * One key bound to exactly one algorithm: a token is checked only with a key of the algorithm its
 * header names, so an RSA or EC public key can never serve as an HMAC secret (algorithm confusion).
 * Ed25519 uses the JDK's own EdDSA (Nimbus would need Tink for it).
 */
final class TokenKey {
  private static final int MIN_SECRET_BYTES = 32;
  private static final int MIN_RSA_BITS = 2048;
  // DER prefixes of an Ed25519 SubjectPublicKeyInfo and PKCS#8 key (RFC 8410) before the 32 raw bytes.
  private static final byte[] ED25519_X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final byte[] ED25519_PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

  private final @Nullable String keyId;
  private final TokenAlgorithm algorithm;
  private final Check verifier;
  private final @Nullable Sign signer;

  private interface Check {
    boolean verify(SignedJWT jwt) throws JOSEException, GeneralSecurityException;
  }

  private interface Sign {
    String sign(JWSHeader header, JWTClaimsSet claims) throws JOSEException, GeneralSecurityException;
  }

  private TokenKey(@Nullable String keyId, TokenAlgorithm algorithm, Check verifier, @Nullable Sign signer) {
    this.keyId = keyId;
    this.algorithm = algorithm;
    this.verifier = verifier;
    this.signer = signer;
  }

  static TokenKey secret(@Nullable String keyId, byte[] secret) {
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("key " + (keyId == null ? "without kid" : keyId) + " has " + secret.length + " bytes; at least " + MIN_SECRET_BYTES + " required");
    }
    try {
      JWSVerifier verifier = new MACVerifier(secret.clone());
      JWSSigner signer = new MACSigner(secret.clone());
      return new TokenKey(keyId, TokenAlgorithm.HS256, verifyWith(verifier), signWith(signer));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("key " + keyId + ": " + e.getMessage(), e);
    }
  }

  /** A key from a JWK: its type decides the algorithm; a private part makes it a signing key too. */
  static TokenKey fromJwk(JWK jwk) {
    String name = jwk.getKeyID() == null ? "without kid" : jwk.getKeyID();
    if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
      throw new IllegalArgumentException("JWK " + name + " is not for signatures (use=" + jwk.getKeyUse() + ")");
    }
    try {
      TokenKey key = switch (jwk) {
        case OctetSequenceKey oct -> secret(jwk.getKeyID(), oct.toByteArray());
        case ECKey ec when Curve.P_256.equals(ec.getCurve()) -> new TokenKey(jwk.getKeyID(), TokenAlgorithm.ES256,
            verifyWith(new ECDSAVerifier(ec.toPublicJWK())), ec.isPrivate() ? signWith(new ECDSASigner(ec)) : null);
        case RSAKey rsa when rsa.size() >= MIN_RSA_BITS -> new TokenKey(jwk.getKeyID(), TokenAlgorithm.RS256,
            verifyWith(new RSASSAVerifier(rsa.toPublicJWK())), rsa.isPrivate() ? signWith(new RSASSASigner(rsa)) : null);
        case OctetKeyPair okp when Curve.Ed25519.equals(okp.getCurve()) -> ed25519(okp);
        case RSAKey rsa -> throw new IllegalArgumentException(
            "JWK " + name + " is a " + rsa.size() + "-bit RSA key; at least " + MIN_RSA_BITS + " bits required");
        default -> throw new IllegalArgumentException("JWK " + name + " is a " + jwk.getKeyType()
            + " key this verifier does not take: use oct (HS256), EC P-256 (ES256), OKP Ed25519 (EdDSA) or RSA (RS256)");
      };
      if (jwk.getAlgorithm() != null && !key.algorithm.accepts(JWSAlgorithm.parse(jwk.getAlgorithm().getName()))) {
        throw new IllegalArgumentException("JWK " + name + " says alg " + jwk.getAlgorithm() + " but is a " + key.algorithm + " key");
      }
      return key;
    } catch (JOSEException | GeneralSecurityException e) {
      throw new IllegalArgumentException("JWK " + name + " is not a usable key: " + e.getMessage(), e);
    }
  }

  private static TokenKey ed25519(OctetKeyPair okp) throws GeneralSecurityException {
    KeyFactory factory = KeyFactory.getInstance("Ed25519");
    PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(concat(ED25519_X509_PREFIX, okp.getDecodedX())));
    Check verifier = jwt -> {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initVerify(publicKey);
      signature.update(jwt.getSigningInput());
      return signature.verify(jwt.getSignature().decode());
    };
    Sign signer = null;
    if (okp.isPrivate()) {
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(concat(ED25519_PKCS8_PREFIX, okp.getDecodedD())));
      signer = (header, claims) -> {
        byte[] signingInput = new SignedJWT(header, claims).getSigningInput();
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(privateKey);
        signature.update(signingInput);
        return new String(signingInput, StandardCharsets.US_ASCII) + "." + Base64URL.encode(signature.sign());
      };
    }
    return new TokenKey(okp.getKeyID(), TokenAlgorithm.EDDSA, verifier, signer);
  }

  private static Check verifyWith(JWSVerifier verifier) {
    return jwt -> jwt.verify(verifier);
  }

  private static Sign signWith(JWSSigner signer) {
    return (header, claims) -> {
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(signer);
      return jwt.serialize();
    };
  }

  private static byte[] concat(byte[] prefix, byte[] raw) {
    byte[] all = new byte[prefix.length + raw.length];
    System.arraycopy(prefix, 0, all, 0, prefix.length);
    System.arraycopy(raw, 0, all, prefix.length, raw.length);
    return all;
  }

  @Nullable String keyId() {
    return keyId;
  }

  TokenAlgorithm algorithm() {
    return algorithm;
  }

  boolean canSign() {
    return signer != null;
  }

  /** Whether this key may check a token whose header is {@code header}: same algorithm, and same kid if it names one. */
  boolean matches(JWSHeader header) {
    return algorithm.accepts(header.getAlgorithm()) && (header.getKeyID() == null || header.getKeyID().equals(keyId));
  }

  boolean verify(SignedJWT jwt) {
    try {
      return verifier.verify(jwt);
    } catch (JOSEException | GeneralSecurityException | RuntimeException e) {
      return false; // A signature that cannot even be checked is no valid signature.
    }
  }

  /** The compact serialization of {@code claims} signed with this key; the header names its alg and kid. */
  String sign(JWTClaimsSet claims) {
    if (signer == null) {
      throw new IllegalStateException("key " + keyId + " has no private part: it verifies tokens, it cannot issue them");
    }
    JWSHeader header = new JWSHeader.Builder(algorithm.jws()).keyID(keyId).type(JOSEObjectType.JWT).build();
    try {
      return signer.sign(header, claims);
    } catch (JOSEException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with key " + keyId, e);
    }
  }
}
