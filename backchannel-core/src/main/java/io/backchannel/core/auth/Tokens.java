package io.backchannel.core.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Issues and verifies bearer tokens: standard signed JWTs (RFC 7519) with the node id as
 * {@code sub} and the claims {@code tenant} and {@code role}, so an identity provider can issue
 * them too. Verification takes the key the header's {@code kid} names among {@link TokenKeys}, only
 * for that key's one algorithm ({@code alg=none} and algorithm confusion are refused), checks the
 * signature, then {@code exp}, {@code nbf} and {@code iat} within a bounded clock skew, and a
 * maximum lifetime ({@code exp - iat}). Keys embedded in a token ({@code jwk}, {@code jku},
 * {@code x5u}) are never used. See {@code docs/security.md}. Thread-safe.
 */
public final class Tokens {
  /** The clock skew tolerated unless configured. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
  /** The largest clock skew that may be configured. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
  /** The longest lifetime ({@code exp - iat}) accepted unless configured. */
  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);
  /** Longer input is refused before it is parsed. */
  static final int MAX_TOKEN_CHARS = 8192;

  private final TokenKeys keys;
  private final Clock clock;
  private final Duration clockSkew;
  private final Duration maxLifetime;
  private final @Nullable String issuer;
  private final @Nullable String audience;

  /** With the defaults: {@link #DEFAULT_CLOCK_SKEW}, {@link #DEFAULT_MAX_LIFETIME}, no issuer or audience required. */
  public Tokens(TokenKeys keys) {
    this(builder(keys));
  }

  /** With an explicit clock, for tests. */
  public Tokens(TokenKeys keys, Clock clock) {
    this(builder(keys).clock(clock));
  }

  private Tokens(Builder builder) {
    this.keys = builder.keys;
    this.clock = builder.clock;
    this.clockSkew = builder.clockSkew;
    this.maxLifetime = builder.maxLifetime;
    this.issuer = builder.issuer;
    this.audience = builder.audience;
  }

  public static Builder builder(TokenKeys keys) {
    return new Builder(keys);
  }

  /**
   * A token for {@code nodeId} of {@code tenant} with {@code role}, valid for {@code ttl} (at most
   * the maximum lifetime), signed with the newest key that can issue.
   *
   * @throws IllegalStateException if no key can issue (only public keys were given)
   */
  public String issue(String tenant, String nodeId, String role, Duration ttl) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(role, "role");
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(maxLifetime) > 0) {
      throw new IllegalArgumentException("ttl must be positive and at most the maximum lifetime " + maxLifetime + ", was " + ttl);
    }
    TokenKey key = keys.signingKey();
    if (key == null) {
      throw new IllegalStateException("these keys only verify: none has a secret or private part to issue tokens with");
    }
    Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .subject(nodeId)
        .claim("tenant", tenant)
        .claim("role", role)
        .jwtID(UUID.randomUUID().toString())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(ttl)));
    if (issuer != null) {
      claims.issuer(issuer);
    }
    if (audience != null) {
      claims.audience(audience);
    }
    return key.sign(claims.build());
  }

  /**
   * The claims of a valid token. The exception's message is a plain reason meant for the node; it
   * never carries parser or crypto internals.
   *
   * @throws AuthenticationException if it is malformed, signed with an unknown key or algorithm,
   *     forged, expired, not yet valid, too long-lived, or for another issuer or audience
   */
  /** The last instant a token that expires at {@code expiresAt} is accepted: {@code exp} plus the clock skew. */
  public Instant acceptedUntil(Instant expiresAt) {
    return expiresAt.plus(clockSkew);
  }

  public TokenClaims verify(String token) throws AuthenticationException {
    SignedJWT jwt = parse(token);
    if (jwt.getHeader().getCriticalParams() != null && !jwt.getHeader().getCriticalParams().isEmpty()) {
      throw new AuthenticationException("token has critical header parameters this verifier does not understand");
    }
    List<TokenKey> candidates = keys.candidates(jwt.getHeader());
    if (candidates.isEmpty()) {
      throw new AuthenticationException("token signed with an unknown key or algorithm");
    }
    if (candidates.stream().noneMatch(key -> key.verify(jwt))) {
      throw new AuthenticationException("invalid token signature");
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException | RuntimeException e) {
      throw new AuthenticationException("malformed token: the claims are not a JWT claims set");
    }
    return checkClaims(jwt, claims);
  }

  private static SignedJWT parse(String token) throws AuthenticationException {
    if (token.length() > MAX_TOKEN_CHARS) {
      throw new AuthenticationException("malformed token: longer than " + MAX_TOKEN_CHARS + " characters");
    }
    try {
      return SignedJWT.parse(token);
    } catch (ParseException | RuntimeException e) {
      // Also alg=none: an unsecured JWT does not parse as a signed one.
      throw new AuthenticationException("malformed token: expected a signed JWT (header.claims.signature)");
    }
  }

  private TokenClaims checkClaims(SignedJWT jwt, JWTClaimsSet claims) throws AuthenticationException {
    String nodeId = stringClaim(claims, "sub");
    String tenant = stringClaim(claims, "tenant");
    if (nodeId == null || nodeId.isBlank()) {
      throw new AuthenticationException("token names no node (sub)");
    }
    if (tenant == null || tenant.isBlank()) {
      throw new AuthenticationException("token names no tenant");
    }
    String role = stringClaim(claims, "role");
    Date exp = claims.getExpirationTime();
    Date iat = claims.getIssueTime();
    if (exp == null || iat == null) {
      throw new AuthenticationException("token must carry exp and iat");
    }
    Instant now = clock.instant();
    Instant expiresAt = exp.toInstant();
    Instant issuedAt = iat.toInstant();
    if (!now.isBefore(expiresAt.plus(clockSkew))) {
      throw new AuthenticationException("token expired at " + expiresAt);
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(clockSkew).isBefore(nbf.toInstant())) {
      throw new AuthenticationException("token not valid before " + nbf.toInstant());
    }
    if (now.plus(clockSkew).isBefore(issuedAt)) {
      throw new AuthenticationException("token issued in the future (" + issuedAt + ")");
    }
    if (!expiresAt.isAfter(issuedAt) || Duration.between(issuedAt, expiresAt).compareTo(maxLifetime) > 0) {
      throw new AuthenticationException("token lifetime exceeds the maximum of " + maxLifetime);
    }
    if (issuer != null && !issuer.equals(claims.getIssuer())) {
      throw new AuthenticationException("token from another issuer");
    }
    List<String> audiences = claims.getAudience();
    if (audience != null && (audiences == null || !audiences.contains(audience))) {
      throw new AuthenticationException("token for another audience");
    }
    return new TokenClaims(jwt.getHeader().getKeyID(), claims.getJWTID(), tenant, nodeId,
        role == null ? Principal.DEFAULT_ROLE : role, issuedAt, expiresAt);
  }

  private static @Nullable String stringClaim(JWTClaimsSet claims, String name) throws AuthenticationException {
    try {
      return claims.getStringClaim(name);
    } catch (ParseException e) {
      throw new AuthenticationException("malformed token: claim " + name + " is not a string");
    }
  }

  /** Verification settings; every bound has a safe default. */
  public static final class Builder {
    private final TokenKeys keys;
    private Clock clock = Clock.systemUTC();
    private Duration clockSkew = DEFAULT_CLOCK_SKEW;
    private Duration maxLifetime = DEFAULT_MAX_LIFETIME;
    private @Nullable String issuer;
    private @Nullable String audience;

    Builder(TokenKeys keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How far the issuer's clock may be off from ours; 0 to {@link #MAX_CLOCK_SKEW}. */
    public Builder clockSkew(Duration skew) {
      if (skew.isNegative() || skew.compareTo(MAX_CLOCK_SKEW) > 0) {
        throw new IllegalArgumentException("clock skew must be between 0 and " + MAX_CLOCK_SKEW + ", was " + skew);
      }
      this.clockSkew = skew;
      return this;
    }

    /** The longest {@code exp - iat} accepted (and issued); positive. */
    public Builder maxLifetime(Duration lifetime) {
      if (lifetime.isNegative() || lifetime.isZero()) {
        throw new IllegalArgumentException("maximum lifetime must be positive, was " + lifetime);
      }
      this.maxLifetime = lifetime;
      return this;
    }

    /** Requires {@code iss} to equal {@code issuer} (and sets it on issued tokens). */
    public Builder issuer(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /** Requires {@code aud} to contain {@code audience} (and sets it on issued tokens). */
    public Builder audience(String audience) {
      this.audience = Objects.requireNonNull(audience, "audience");
      return this;
    }

    public Tokens build() {
      return new Tokens(this);
    }
  }
}
