package io.backchannel.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The keys that verify tokens, and optionally the one that issues them: HS256 shared secrets, and
 * public keys (ES256, EdDSA, RS256) from a JWK set, such as an identity provider publishes. A
 * console given only public keys holds no signing secret. Keep old keys while tokens signed with
 * them may still be in use; the newest key with a private part (or secret) issues. Thread-safe once
 * built.
 */
public final class TokenKeys {
  private static final int KEY_ID_MAX = 64;
  private final List<TokenKey> keys;
  private final @Nullable TokenKey signingKey;

  private TokenKeys(List<TokenKey> keys) {
    this.keys = List.copyOf(keys);
    this.signingKey = keys.reversed().stream().filter(TokenKey::canSign).findFirst().orElse(null);
  }

  /** A single HS256 secret of at least 32 bytes. */
  public static TokenKeys of(String keyId, byte[] secret) {
    return new Builder().add(keyId, secret).build();
  }

  /**
   * The keys of a JWK set ({@code {"keys":[...]}}): EC P-256, OKP Ed25519, RSA (2048 bits or more)
   * and oct keys, each bound to its one algorithm. A key with a private part can also issue.
   *
   * @throws IllegalArgumentException if the set is malformed or holds a key of another kind
   */
  public static TokenKeys fromJwkSet(String json) {
    return new Builder().addJwkSet(json).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A new random 256-bit HS256 secret, base64-encoded: what {@code backchannel keygen} prints. */
  public static String generateSecret() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return Base64.getEncoder().encodeToString(secret);
  }

  /**
   * A new ES256 or EdDSA key pair: {@code privateJwkSet} issues tokens (keep it with the issuer),
   * {@code publicJwkSet} verifies them (give it to consoles).
   */
  public static GeneratedKeyPair generateKeyPair(String keyId, TokenAlgorithm algorithm) {
    checkKeyId(keyId);
    try {
      JWK key = switch (algorithm) {
        case ES256 -> new ECKeyGenerator(Curve.P_256).keyID(keyId).keyUse(KeyUse.SIGNATURE)
            .algorithm(algorithm.jws()).generate();
        case EDDSA -> ed25519(keyId);
        case HS256, RS256 -> throw new IllegalArgumentException(
            algorithm + " key pairs are not generated here: use generateSecret() for HS256, your identity provider for RS256");
      };
      return new GeneratedKeyPair(new JWKSet(key).toString(false), new JWKSet(key.toPublicJWK()).toString());
    } catch (JOSEException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + algorithm + " key", e);
    }
  }

  /** A key pair as JWK sets; the private one is a secret. */
  public record GeneratedKeyPair(String privateJwkSet, String publicJwkSet) {
    @Override
    public String toString() {
      return "GeneratedKeyPair[publicJwkSet=" + publicJwkSet + "]";
    }
  }

  private static JWK ed25519(String keyId) throws GeneralSecurityException {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] encoded = pair.getPublic().getEncoded();
    byte[] x = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    byte[] d = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
    return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).d(Base64URL.encode(d))
        .keyID(keyId).keyUse(KeyUse.SIGNATURE).algorithm(TokenAlgorithm.EDDSA.jws()).build();
  }

  /** Whether a key here can issue tokens (a secret, or a private key). */
  public boolean canIssue() {
    return signingKey != null;
  }

  /** The id of the key new tokens are signed with, or null when none is named or none can issue. */
  public @Nullable String signingKeyId() {
    return signingKey == null ? null : signingKey.keyId();
  }

  @Nullable TokenKey signingKey() {
    return signingKey;
  }

  /** The keys that may check a token with {@code header}: its algorithm, and its kid if it names one. */
  List<TokenKey> candidates(JWSHeader header) {
    return keys.stream().filter(key -> key.matches(header)).toList();
  }

  private static void checkKeyId(String keyId) {
    Objects.requireNonNull(keyId, "keyId");
    if (!keyId.matches("[A-Za-z0-9_.-]{1," + KEY_ID_MAX + "}")) {
      throw new IllegalArgumentException("key id must be 1-" + KEY_ID_MAX + " letters, digits, '.', '-' or '_', was '" + keyId + "'");
    }
  }

  /** Collects keys; the last added that can sign issues. */
  public static final class Builder {
    private final List<TokenKey> keys = new ArrayList<>();

    Builder() {}

    /** Adds an HS256 secret of at least 32 bytes under {@code keyId} (letters, digits, '.', '-', '_'). */
    public Builder add(String keyId, byte[] secret) {
      checkKeyId(keyId);
      keys.add(TokenKey.secret(keyId, secret));
      return this;
    }

    /** Adds a base64-encoded HS256 secret, as written by {@link #generateSecret()}. */
    public Builder addBase64(String keyId, String secret) {
      return add(keyId, Base64.getDecoder().decode(secret.trim()));
    }

    /** Adds every key of a JWK set; see {@link TokenKeys#fromJwkSet(String)}. */
    public Builder addJwkSet(String json) {
      JWKSet set;
      try {
        set = JWKSet.parse(json);
      } catch (ParseException e) {
        throw new IllegalArgumentException("not a JWK set: " + e.getMessage(), e);
      }
      if (set.getKeys().isEmpty()) {
        throw new IllegalArgumentException("the JWK set has no keys");
      }
      for (JWK jwk : set.getKeys()) {
        if (jwk.getKeyID() != null) {
          checkKeyId(jwk.getKeyID());
        }
        keys.add(TokenKey.fromJwk(jwk));
      }
      return this;
    }

    public TokenKeys build() {
      if (keys.isEmpty()) {
        throw new IllegalStateException("no keys added");
      }
      return new TokenKeys(keys);
    }
  }
}
