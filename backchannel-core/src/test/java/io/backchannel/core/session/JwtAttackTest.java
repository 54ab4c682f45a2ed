package io.backchannel.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.backchannel.PeerRejectedException;
import io.backchannel.core.Peer;
import io.backchannel.core.auth.TokenAuthenticator;
import io.backchannel.core.auth.TokenKeys;
import io.backchannel.core.auth.Tokens;
import io.backchannel.core.node.Connection;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.testing.Closer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.IdentityProvider;
import io.backchannel.testing.TestAuth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
import io.rsocket.exceptions.RejectedSetupException;
import io.rsocket.metadata.AuthMetadataCodec;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.TaggingMetadataCodec;
import io.rsocket.metadata.WellKnownMimeType;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.util.ByteBufPayload;
import io.rsocket.util.DefaultPayload;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * Real JWTs over a real TCP listener, presented by a raw rsocket-java client that sends only the
 * standard bearer entry in SETUP (no Backchannel hello): the console trusts an identity provider's
 * public keys (ES256, EdDSA, RS256) and its own HS256 secret, and holds no private key.
 */
class JwtAttackTest {
  private static final ObjectMapper CBOR = new CBORMapper();
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final IdentityProvider idp = new IdentityProvider();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Closer closer = new Closer();
  private Peer console;
  private URI uri;
  private Peer tenantA;

  @BeforeEach
  void start() {
    TokenKeys keys = TokenKeys.builder().add("hs-1", idp.secret).addJwkSet(idp.publicJwkSet()).build();
    console = closer.register(Peer.builder().nodeId("console").meterRegistry(meters)
        .authenticator(new TokenAuthenticator(new Tokens(keys)))
        .export(Greeter.class, new GreeterImpl("console")).build());
    uri = console.listen("tcp://127.0.0.1:0").uri();
    // A well-behaved Backchannel sidecar of tenant A, connected before any attack.
    tenantA = closer.register(Peer.builder().nodeId("a-1").export(Greeter.class, new GreeterImpl("a-1"))
        .credential(idp.es256(IdentityProvider.claims("tenant-a", "a-1", Duration.ofHours(1)).build())).build());
    tenantA.dial(uri.toString());
  }

  @AfterEach
  void close() {
    closer.close();
  }

  @Test
  void aRawClientWithAValidTokenAndNoHelloIsAdmittedAsTheTokensNodeForEveryAlgorithm() throws Exception {
    assertAdmitted("hs", idp.hs256("hs-1", IdentityProvider.claims("tenant-b", "hs", Duration.ofHours(1)).build()));
    assertAdmitted("es", idp.es256(IdentityProvider.claims("tenant-b", "es", Duration.ofHours(1)).build()));
    assertAdmitted("rs", idp.rs256(IdentityProvider.claims("tenant-b", "rs", Duration.ofHours(1)).build()));
    assertAdmitted("ed", idp.eddsa(JWSAlgorithm.EdDSA, IdentityProvider.claims("tenant-b", "ed", Duration.ofHours(1)).build()));
    assertAdmitted("ed2", idp.eddsa(JWSAlgorithm.Ed25519, IdentityProvider.claims("tenant-b", "ed2", Duration.ofHours(1)).build()));
    assertThat(meters.counter("backchannel.auth.failures").count()).isZero();
  }

  @Test
  void theDefaultTestTokensAdmitARawClientToo() throws Exception {
    try (Peer hs = Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
        .export(Greeter.class, new GreeterImpl("other")).build()) {
      URI other = hs.listen("tcp://127.0.0.1:0").uri();
      RSocket client = rawClient(other, TestAuth.token("acme", "raw-1", "node"));
      try {
        assertThat(hello(client)).startsWith("hello raw from other");
        assertThat(hs.connection("raw-1").map(Connection::remote).map(NodeInfo::tenant)).contains("acme");
      } finally {
        client.dispose();
      }
    }
  }

  @Test
  void tokensOutsideTheirTimeAreRefused() {
    Instant now = Instant.now();
    assertRefused(idp.es256(IdentityProvider.claims("tenant-b", "x", Duration.ofHours(1))
        .issueTime(Date.from(now.minus(Duration.ofHours(2)))).expirationTime(Date.from(now.minus(Duration.ofHours(1)))).build()),
        "token expired at");
    assertRefused(idp.es256(IdentityProvider.claims("tenant-b", "x", Duration.ofHours(1))
        .notBeforeTime(Date.from(now.plus(Duration.ofMinutes(30)))).build()), "token not valid before");
    assertRefused(idp.es256(IdentityProvider.claims("tenant-b", "x", Duration.ofHours(1))
        .issueTime(Date.from(now.plus(Duration.ofMinutes(30)))).build()), "token issued in the future");
    assertRefused(idp.es256(IdentityProvider.claims("tenant-b", "x", Duration.ofDays(30)).build()),
        "token lifetime exceeds the maximum of PT24H");
    assertRefused(idp.es256(new JWTClaimsSet.Builder().subject("x").claim("tenant", "tenant-b").build()),
        "token must carry exp and iat");
    assertStillServed(5);
  }

  @Test
  void tokensSignedWithTheWrongKeyOrAlgorithmAreRefused() throws Exception {
    JWTClaimsSet claims = IdentityProvider.claims("tenant-a", "a-2", Duration.ofHours(1)).build();
    ECKey attacker = IdentityProvider.generateEc("ec-1");
    // The attacker's own EC key under the provider's kid, also embedded in the header: never trusted.
    assertRefused(IdentityProvider.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(), claims,
        () -> new ECDSASigner(attacker)), "invalid token signature");
    assertRefused(IdentityProvider.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1")
        .jwk(attacker.toPublicJWK()).build(), claims, () -> new ECDSASigner(attacker)), "invalid token signature");
    assertRefused(IdentityProvider.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("hs-1").build(), claims,
        () -> new MACSigner("another secret that is also at least 32 bytes".getBytes(StandardCharsets.UTF_8))),
        "invalid token signature");
    // alg=none, with and without a signature part.
    String unsecured = new PlainJWT(claims).serialize();
    assertRefused(unsecured, "malformed token");
    assertRefused(unsecured + "c2ln", "malformed token");
    // HS/RS confusion: HMAC keyed with the provider's public RSA key (as a PEM-less DER blob and
    // as its JWK text), claiming the RSA key's kid: an RSA key never verifies an HS256 token.
    byte[] rsaPublic = idp.rsa.toPublicKey().getEncoded();
    assertRefused(IdentityProvider.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), claims,
        () -> new MACSigner(rsaPublic)), "token signed with an unknown key or algorithm");
    assertRefused(IdentityProvider.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("ec-1").build(), claims,
        () -> new MACSigner(idp.ec.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8))),
        "token signed with an unknown key or algorithm");
    // An RS256 header on an EC key's kid.
    assertRefused(IdentityProvider.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("ec-1").build(), claims,
        () -> new com.nimbusds.jose.crypto.RSASSASigner(idp.rsa)), "token signed with an unknown key or algorithm");
    assertStillServed(8);
    assertThat(console.connection("a-2")).isEmpty();
  }

  @Test
  void malformedTokensGetAPlainReasonAndCountAsFailures() {
    // (A token too large for the listener to read at all is refused before parsing: OversizeSetupTest.)
    List<String> malformed = List.of("bc1.bnVsbA.AA", "garbage", "a.b.c", "..",
        Base64URL.encode("{\"alg\":7}") + ".e30.AA", Base64URL.encode("[1]") + ".e30.AA",
        "x".repeat(8_000), signedPayload("null"), signedPayload("[1,2]"), signedPayload("{\"sub\":\"x\",\"tenant\":[\"b\"]}"));
    for (String token : malformed) {
      String reason = refusal(token);
      assertThat(reason).as(token).startsWith("malformed token").doesNotContain("Exception", "null", "at ");
    }
    // The Backchannel client sees the same plain reason.
    try (Peer sidecar = Peer.builder().nodeId("s1").credential("bc1.bnVsbA.AA").build()) {
      assertThatThrownBy(() -> sidecar.dial(uri.toString())).isInstanceOf(PeerRejectedException.class)
          .hasMessageContaining("malformed token").hasMessageNotContaining("Exception");
    }
    assertStillServed(malformed.size() + 1);
  }

  @Test
  void aTokenForOneNodeCannotBeUsedToClaimAnother() {
    String token = idp.es256(IdentityProvider.claims("tenant-b", "b-1", Duration.ofHours(1)).build());
    try (Peer impostor = Peer.builder().nodeId("a-1").credential(token).build()) {
      assertThatThrownBy(() -> impostor.dial(uri.toString())).isInstanceOf(PeerRejectedException.class)
          .hasMessageContaining("token was issued for another node id");
    }
    assertStillServed(1);
  }

  /** A correctly signed HS256 JWS whose payload is {@code payload}, claims or not. */
  private String signedPayload(String payload) {
    try {
      JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("hs-1").build(), new com.nimbusds.jose.Payload(payload));
      jws.sign(new MACSigner(idp.secret));
      return jws.serialize();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Tenant A's sidecar is still connected and callable; only it is registered; every refusal was counted. */
  private void assertStillServed(int refusals) {
    assertThat(meters.counter("backchannel.auth.failures").count()).isEqualTo(refusals);
    assertThat(console.registry().nodes()).extracting(NodeInfo::nodeId).containsExactly("a-1");
    Greeter a = console.proxy(Greeter.class, io.backchannel.core.node.Target.node("tenant-a", "a-1"));
    assertThat(a.hello("console")).startsWith("hello console from a-1");
  }

  private void assertAdmitted(String nodeId, String token) throws Exception {
    RSocket client = rawClient(uri, token);
    try {
      assertThat(hello(client)).startsWith("hello raw from console");
      NodeInfo remote = console.connection(nodeId).map(Connection::remote).orElseThrow();
      assertThat(remote.tenant()).isEqualTo("tenant-b");
      assertThat(remote.role()).isEqualTo("sidecar");
    } finally {
      client.dispose();
    }
    await().until(() -> console.connection(nodeId).isEmpty());
  }

  private void assertRefused(String token, String reason) {
    assertThat(refusal(token)).startsWith(reason);
  }

  /** The reason the console gave a raw client presenting {@code token}. */
  private String refusal(String token) {
    RSocket client = rawClient(uri, token);
    try {
      Throwable error = org.assertj.core.api.Assertions.catchThrowable(() -> hello(client));
      assertThat(error).as("refusal of %s", token).isInstanceOf(RejectedSetupException.class);
      return error.getMessage();
    } finally {
      client.dispose();
    }
  }

  /** A plain rsocket-java client whose SETUP carries only the standard bearer entry. */
  private static RSocket rawClient(URI target, String token) {
    ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    CompositeByteBuf metadata = allocator.compositeBuffer();
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION,
        AuthMetadataCodec.encodeBearerMetadata(allocator, token.toCharArray()));
    return RSocketConnector.create()
        .metadataMimeType(WellKnownMimeType.MESSAGE_RSOCKET_COMPOSITE_METADATA.getString())
        .dataMimeType("application/cbor")
        .setupPayload(DefaultPayload.create(Unpooled.EMPTY_BUFFER, metadata)) // copies and releases metadata
        .connect(TcpClientTransport.create(target.getHost(), target.getPort()))
        .block(WAIT);
  }

  private static String hello(RSocket client) throws Exception {
    ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    CompositeByteBuf metadata = allocator.compositeBuffer();
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, WellKnownMimeType.MESSAGE_RSOCKET_ROUTING,
        TaggingMetadataCodec.createTaggingContent(allocator, List.of("Greeter.hello")));
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, "application/x.backchannel.request-id",
        Unpooled.copiedBuffer("raw-1", StandardCharsets.UTF_8));
    Payload response = client.requestResponse(
        ByteBufPayload.create(Unpooled.wrappedBuffer(CBOR.writeValueAsBytes(List.of("raw"))), metadata)).block(WAIT);
    try {
      byte[] data = new byte[response.sliceData().readableBytes()];
      response.sliceData().getBytes(0, data);
      return CBOR.readValue(data, String.class);
    } finally {
      response.release();
    }
  }
}
