package io.backchannel.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The HMAC-SHA256 keys that sign and verify tokens, by key id. Keep old keys while tokens signed
 * with them may still be in use; {@link #signingKeyId()} is the newest added. Thread-safe once
 * built.
 */
public final class TokenKeys {
  private static final int MIN_KEY_BYTES = 32;
  private final Map<String, byte[]> keys;
  private final String signingKeyId;

  private TokenKeys(Map<String, byte[]> keys, String signingKeyId) {
    this.keys = keys;
    this.signingKeyId = signingKeyId;
  }

  /** A single key. */
  public static TokenKeys of(String keyId, byte[] secret) {
    return new Builder().add(keyId, secret).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A new random 256-bit secret, base64-encoded: what {@code backchannel keygen} prints. */
  public static String generateSecret() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return Base64.getEncoder().encodeToString(secret);
  }

  /** The id of the key new tokens are signed with. */
  public String signingKeyId() {
    return signingKeyId;
  }

  byte[] sign(String keyId, String signedPart) {
    byte[] key = keys.get(keyId);
    if (key == null) {
      throw new IllegalArgumentException("no key with id " + keyId);
    }
    return hmac(key, signedPart);
  }

  boolean verify(String keyId, String signedPart, byte[] signature) {
    byte[] key = keys.get(keyId);
    return key != null && MessageDigest.isEqual(hmac(key, signedPart), signature);
  }

  private static byte[] hmac(byte[] key, String signedPart) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(signedPart.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Collects keys; the last added signs. */
  public static final class Builder {
    private final Map<String, byte[]> keys = new LinkedHashMap<>();
    private @Nullable String last;

    Builder() {}

    /** Adds a key of at least 32 bytes under {@code keyId} (letters, digits, '-', '_'). */
    public Builder add(String keyId, byte[] secret) {
      Objects.requireNonNull(keyId, "keyId");
      if (!keyId.matches("[A-Za-z0-9_-]{1,64}")) {
        throw new IllegalArgumentException("key id must be 1-64 letters, digits, '-' or '_', was '" + keyId + "'");
      }
      if (secret.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException("key " + keyId + " has " + secret.length + " bytes; at least " + MIN_KEY_BYTES + " required");
      }
      keys.put(keyId, secret.clone());
      last = keyId;
      return this;
    }

    /** Adds a base64-encoded key, as written by {@link #generateSecret()}. */
    public Builder addBase64(String keyId, String secret) {
      return add(keyId, Base64.getDecoder().decode(secret.trim()));
    }

    public TokenKeys build() {
      if (last == null) {
        throw new IllegalStateException("no keys added");
      }
      return new TokenKeys(Map.copyOf(keys), last);
    }
  }
}
