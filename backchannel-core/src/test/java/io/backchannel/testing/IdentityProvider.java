package io.backchannel.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * An identity provider as a test plays it: its own keys, generated at test time, signing JWTs with
 * Nimbus (ES256, RS256, HS256) or the JDK (EdDSA), independently of Backchannel's issuing code. Its
 * public keys come out as the JWK set a console is given.
 */
public final class IdentityProvider {
  public final ECKey ec = generateEc("ec-1");
  public final RSAKey rsa = generateRsa("rsa-1");
  public final KeyPair ed = generateEd25519();
  public final OctetKeyPair edJwk = publicOkp("ed-1", ed);
  public final byte[] secret = "an identity provider's HS256 secret, 32+ bytes".getBytes(StandardCharsets.UTF_8);

  /** The public keys, as a JWK set file holds them. */
  public String publicJwkSet() {
    return new JWKSet(List.<JWK>of(ec.toPublicJWK(), rsa.toPublicJWK(), edJwk)).toString();
  }

  /** Standard claims for {@code nodeId} of {@code tenant}, issued now, valid for {@code ttl}. */
  public static JWTClaimsSet.Builder claims(String tenant, String nodeId, Duration ttl) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder().subject(nodeId).claim("tenant", tenant).claim("role", "sidecar")
        .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)));
  }

  public String es256(JWTClaimsSet claims) {
    return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).build(), claims, () -> new ECDSASigner(ec));
  }

  public String rs256(JWTClaimsSet claims) {
    return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build(), claims, () -> new RSASSASigner(rsa));
  }

  public String hs256(String keyId, JWTClaimsSet claims) {
    return sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keyId).build(), claims, () -> new MACSigner(secret));
  }

  /** An EdDSA JWT signed by the JDK's Ed25519, with {@code alg} "EdDSA" or "Ed25519". */
  public String eddsa(JWSAlgorithm alg, JWTClaimsSet claims) {
    JWSHeader header = new JWSHeader.Builder(alg).keyID(edJwk.getKeyID()).build();
    String signingInput = header.toBase64URL() + "." + Base64URL.encode(claims.toString());
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(ed.getPrivate());
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + Base64URL.encode(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signs with any Nimbus signer; the header says what the attacker wants it to say. */
  public static String sign(JWSHeader header, JWTClaimsSet claims, SignerFactory signer) {
    try {
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(signer.create());
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates a Nimbus signer. */
  @FunctionalInterface
  public interface SignerFactory {
    com.nimbusds.jose.JWSSigner create() throws JOSEException;
  }

  public static ECKey generateEc(String keyId) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RSAKey generateRsa(String keyId) {
    try {
      return new RSAKeyGenerator(2048).keyID(keyId).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair generateEd25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static OctetKeyPair publicOkp(String keyId, KeyPair pair) {
    byte[] encoded = pair.getPublic().getEncoded(); // SubjectPublicKeyInfo: the raw key is the last 32 bytes
    return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length)))
        .keyID(keyId).build();
  }
}
