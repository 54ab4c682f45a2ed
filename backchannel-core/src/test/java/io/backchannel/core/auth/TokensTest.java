package io.backchannel.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.backchannel.testing.IdentityProvider;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** Verification rules on their own: clock skew, lifetime, issuer, audience, and which keys load. */
class TokensTest {
  private static final byte[] SECRET = "a test key that is at least 32 bytes".getBytes(StandardCharsets.UTF_8);
  private final IdentityProvider idp = new IdentityProvider();
  private final TokenKeys idpKeys = TokenKeys.fromJwkSet(idp.publicJwkSet());

  @Test
  void theClockSkewIsToleratedAndNoMore() throws Exception {
    Instant now = Instant.now();
    String expiredJustNow = idp.es256(IdentityProvider.claims("t", "n", Duration.ofHours(1))
        .issueTime(Date.from(now.minus(Duration.ofHours(1)))).expirationTime(Date.from(now.minusSeconds(30))).build());
    String validSoon = idp.es256(IdentityProvider.claims("t", "n", Duration.ofHours(1))
        .notBeforeTime(Date.from(now.plusSeconds(30))).build());
    Tokens lenient = Tokens.builder(idpKeys).clockSkew(Duration.ofMinutes(1)).build();
    Tokens strict = Tokens.builder(idpKeys).clockSkew(Duration.ZERO).build();
    assertThat(lenient.verify(expiredJustNow).nodeId()).isEqualTo("n");
    assertThat(lenient.verify(validSoon).tenant()).isEqualTo("t");
    assertThatThrownBy(() -> strict.verify(expiredJustNow)).hasMessageStartingWith("token expired at");
    assertThatThrownBy(() -> strict.verify(validSoon)).hasMessageStartingWith("token not valid before");
  }

  @Test
  void boundsAreValidated() {
    assertThatThrownBy(() -> Tokens.builder(idpKeys).clockSkew(Duration.ofMinutes(6)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT5M");
    assertThatThrownBy(() -> Tokens.builder(idpKeys).clockSkew(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Tokens.builder(idpKeys).maxLifetime(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theMaximumLifetimeBoundsIssuingAndVerifying() throws Exception {
    Tokens week = Tokens.builder(TokenKeys.of("k", SECRET)).maxLifetime(Duration.ofDays(7)).build();
    String sixDays = week.issue("t", "n", "r", Duration.ofDays(6));
    assertThat(week.verify(sixDays).expiresAt()).isAfter(Instant.now().plus(Duration.ofDays(5)));
    assertThatThrownBy(() -> new Tokens(TokenKeys.of("k", SECRET)).verify(sixDays))
        .hasMessage("token lifetime exceeds the maximum of PT24H");
    assertThatThrownBy(() -> new Tokens(TokenKeys.of("k", SECRET)).issue("t", "n", "r", Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT24H");
  }

  @Test
  void issuerAndAudienceAreRequiredWhenConfigured() throws Exception {
    Tokens provider = Tokens.builder(TokenKeys.of("k", SECRET)).issuer("https://idp.example").audience("console").build();
    String token = provider.issue("t", "n", "r", Duration.ofMinutes(5));
    assertThat(provider.verify(token).nodeId()).isEqualTo("n");
    Tokens otherIssuer = Tokens.builder(TokenKeys.of("k", SECRET)).issuer("https://evil.example").build();
    Tokens otherAudience = Tokens.builder(TokenKeys.of("k", SECRET)).audience("billing").build();
    assertThatThrownBy(() -> otherIssuer.verify(token)).hasMessage("token from another issuer");
    assertThatThrownBy(() -> otherAudience.verify(token)).hasMessage("token for another audience");
    assertThatThrownBy(() -> provider.verify(new Tokens(TokenKeys.of("k", SECRET)).issue("t", "n", "r", Duration.ofMinutes(5))))
        .hasMessage("token from another issuer");
  }

  @Test
  void generatedKeyPairsIssueWithThePrivateSetAndVerifyWithThePublicOne() throws Exception {
    for (TokenAlgorithm algorithm : new TokenAlgorithm[] {TokenAlgorithm.ES256, TokenAlgorithm.EDDSA}) {
      TokenKeys.GeneratedKeyPair pair = TokenKeys.generateKeyPair("k1", algorithm);
      TokenKeys verifying = TokenKeys.fromJwkSet(pair.publicJwkSet());
      assertThat(verifying.canIssue()).isFalse();
      assertThat(pair.publicJwkSet()).doesNotContain("\"d\"");
      assertThat(pair.toString()).doesNotContain("\"d\"");
      String token = new Tokens(TokenKeys.fromJwkSet(pair.privateJwkSet())).issue("t", "n", "r", Duration.ofMinutes(5));
      TokenClaims claims = new Tokens(verifying).verify(token);
      assertThat(claims.keyId()).isEqualTo("k1");
      assertThat(claims.tokenId()).isNotBlank();
      assertThatThrownBy(() -> new Tokens(verifying).issue("t", "n", "r", Duration.ofMinutes(5)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("only verify");
    }
  }

  @Test
  void aRoleIsOptionalButSubjectAndTenantAreNot() throws Exception {
    Instant now = Instant.now();
    var base = new com.nimbusds.jwt.JWTClaimsSet.Builder().issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)));
    Tokens tokens = new Tokens(TokenKeys.builder().add("hs-1", idp.secret).build());
    assertThat(tokens.verify(idp.hs256("hs-1", base.subject("n").claim("tenant", "t").build())).role()).isEqualTo(Principal.DEFAULT_ROLE);
    assertThatThrownBy(() -> tokens.verify(idp.hs256("hs-1", base.subject(null).build()))).hasMessage("token names no node (sub)");
    assertThatThrownBy(() -> tokens.verify(idp.hs256("hs-1", base.subject("n").claim("tenant", null).build())))
        .hasMessage("token names no tenant");
  }

  @Test
  void onlyKeysOfTheSupportedKindsLoad() throws Exception {
    assertThatThrownBy(() -> TokenKeys.fromJwkSet(new JWKSet(new RSAKeyGenerator(1024, true).keyID("weak").generate().toPublicJWK()).toString()))
        .hasMessageContaining("1024-bit RSA key");
    assertThatThrownBy(() -> TokenKeys.fromJwkSet(new JWKSet(new ECKeyGenerator(Curve.P_384).keyID("p384").generate().toPublicJWK()).toString()))
        .hasMessageContaining("does not take");
    assertThatThrownBy(() -> TokenKeys.fromJwkSet(new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("enc").keyUse(KeyUse.ENCRYPTION)
        .generate().toPublicJWK()).toString())).hasMessageContaining("not for signatures");
    assertThatThrownBy(() -> TokenKeys.fromJwkSet(new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("mislabelled")
        .algorithm(JWSAlgorithm.HS256).generate().toPublicJWK()).toString())).hasMessageContaining("says alg HS256");
    assertThatThrownBy(() -> TokenKeys.fromJwkSet("{\"keys\":[]}")).hasMessageContaining("no keys");
    assertThatThrownBy(() -> TokenKeys.fromJwkSet("not json")).hasMessageStartingWith("not a JWK set");
    assertThatThrownBy(() -> TokenKeys.of("k", new byte[31])).hasMessageContaining("at least 32");
    assertThatThrownBy(() -> TokenKeys.of("bad id!", SECRET)).hasMessageContaining("key id");
  }

  @Test
  void aFixedClockDecides() throws Exception {
    Instant yesterday = Instant.now().minus(Duration.ofDays(1));
    String old = new Tokens(TokenKeys.of("k", SECRET), Clock.fixed(yesterday, ZoneOffset.UTC)).issue("t", "n", "r", Duration.ofHours(1));
    assertThat(new Tokens(TokenKeys.of("k", SECRET), Clock.fixed(yesterday.plusSeconds(60), ZoneOffset.UTC)).verify(old).nodeId())
        .isEqualTo("n");
    assertThatThrownBy(() -> new Tokens(TokenKeys.of("k", SECRET)).verify(old)).hasMessageStartingWith("token expired at");
  }
}
