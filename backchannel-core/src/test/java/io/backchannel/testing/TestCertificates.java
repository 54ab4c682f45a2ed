package io.backchannel.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * CAs and certificates made at test time and written as PEM files (keys unencrypted PKCS#8, mode
 * 600) into a directory the test owns, e.g. a JUnit {@code @TempDir}. All keys are EC P-256.
 *
 * <ul>
 *   <li>{@link #ca()}: the trusted CA; {@link #otherCa()}: a CA nobody trusts.
 *   <li>{@link #server()}: {@code CN=localhost}, SAN DNS {@code localhost} and IP {@code 127.0.0.1}.
 *   <li>{@link #client()}: {@code CN=sidecar-1}, SAN DNS {@code sidecar-1.backchannel.test} and
 *       URI {@code spiffe://backchannel.test/node/sidecar-1}.
 *   <li>{@link #serverFromOtherCa()}, {@link #clientFromOtherCa()}: the same names, signed by
 *       {@link #otherCa()}.
 *   <li>{@link #expiredServer()}: the server names, expired yesterday.
 *   <li>{@link #serverFor}: a server certificate for other DNS names, signed by {@link #ca()}.
 * </ul>
 *
 * <p>Certificates are valid from an hour ago for two days. {@link #serverFor} writes files and
 * is not thread-safe; everything else only reads fields.
 */
public final class TestCertificates {
  /** A certificate file and its private key file. */
  public record CertAndKey(Path cert, Path key) {
    /** {@code cert=...&key=...} for a Backchannel TLS URI. */
    public String query() {
      return param("cert", cert) + "&" + param("key", key);
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration VALIDITY = Duration.ofDays(2);

  private final Path dir;
  private final Authority ca;
  private final Authority otherCa;
  private final CertAndKey server;
  private final CertAndKey client;
  private final CertAndKey serverFromOtherCa;
  private final CertAndKey clientFromOtherCa;
  private final CertAndKey expiredServer;

  private TestCertificates(Path dir) {
    this.dir = dir;
    this.ca = authority("ca", "CN=Backchannel Test CA");
    this.otherCa = authority("other-ca", "CN=Some Other CA");
    Instant now = Instant.now();
    Instant from = now.minus(Duration.ofHours(1));
    Instant until = now.plus(VALIDITY);
    this.server = issue(ca, "server", "CN=localhost", Usage.SERVER, from, until, localhost());
    this.client = issue(ca, "client", "CN=sidecar-1,O=Backchannel Test", Usage.CLIENT, from, until, sidecar());
    this.serverFromOtherCa = issue(otherCa, "other-server", "CN=localhost", Usage.SERVER, from, until, localhost());
    this.clientFromOtherCa = issue(otherCa, "other-client", "CN=sidecar-1", Usage.CLIENT, from, until, sidecar());
    this.expiredServer = issue(ca, "expired-server", "CN=localhost", Usage.SERVER,
        now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)), localhost());
  }

  /** Generates the CAs and certificates into {@code dir}, which must exist. */
  public static TestCertificates create(Path dir) {
    return new TestCertificates(dir);
  }

  /** {@code name=path}, percent-encoded for a URI query. */
  public static String param(String name, Path path) {
    return name + "=" + URLEncoder.encode(path.toString(), StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The trusted CA's certificate (PEM). */
  public Path ca() {
    return ca.files.cert();
  }

  /** The untrusted CA's certificate (PEM). */
  public Path otherCa() {
    return otherCa.files.cert();
  }

  /** The server certificate and key signed by {@link #ca()}. */
  public CertAndKey server() {
    return server;
  }

  /** The client certificate and key signed by {@link #ca()}. */
  public CertAndKey client() {
    return client;
  }

  /** The server certificate and key signed by {@link #otherCa()}. */
  public CertAndKey serverFromOtherCa() {
    return serverFromOtherCa;
  }

  /** The client certificate and key signed by {@link #otherCa()}. */
  public CertAndKey clientFromOtherCa() {
    return clientFromOtherCa;
  }

  /** The server certificate and key signed by {@link #ca()}, valid from 10 days ago until yesterday. */
  public CertAndKey expiredServer() {
    return expiredServer;
  }

  /**
   * A server certificate signed by {@link #ca()} for {@code dnsNames} only (no IP address),
   * written as {@code fileName.pem} and {@code fileName.key}.
   */
  public CertAndKey serverFor(String fileName, String... dnsNames) {
    GeneralName[] names = new GeneralName[dnsNames.length];
    for (int i = 0; i < dnsNames.length; i++) {
      names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
    }
    Instant now = Instant.now();
    return issue(ca, fileName, "CN=" + dnsNames[0], Usage.SERVER, now.minus(Duration.ofHours(1)), now.plus(VALIDITY),
        new GeneralNames(names));
  }

  private enum Usage { SERVER, CLIENT }

  private record Authority(X500Name name, KeyPair keys, X509Certificate certificate, CertAndKey files) {}

  private static GeneralNames localhost() {
    return new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "localhost"),
        new GeneralName(GeneralName.iPAddress, "127.0.0.1")});
  }

  private static GeneralNames sidecar() {
    return new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "sidecar-1.backchannel.test"),
        new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://backchannel.test/node/sidecar-1")});
  }

  private Authority authority(String fileName, String subject) {
    try {
      KeyPair keys = keyPair();
      X500Name name = x500(subject);
      Instant now = Instant.now();
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          name, serial(), Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), name, keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
      X509Certificate certificate = sign(builder, keys);
      return new Authority(name, keys, certificate, write(fileName, certificate, keys));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make CA " + subject, e);
    }
  }

  private CertAndKey issue(
      Authority issuer, String fileName, String subject, Usage usage, Instant notBefore, Instant notAfter, GeneralNames names) {
    try {
      KeyPair keys = keyPair();
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          issuer.name(), serial(), Date.from(notBefore), Date.from(notAfter), x500(subject), keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false,
              new ExtendedKeyUsage(usage == Usage.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth))
          .addExtension(Extension.subjectAlternativeName, false, names)
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(issuer.certificate()));
      return write(fileName, sign(builder, issuer.keys()), keys);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot issue " + subject, e);
    }
  }

  /** The name for an RFC 2253 string ({@code CN=leaf,O=org}), most specific first as the JDK prints it. */
  private static X500Name x500(String rfc2253) {
    return X500Name.getInstance(new X500Principal(rfc2253).getEncoded());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private CertAndKey write(String fileName, X509Certificate certificate, KeyPair keys) throws IOException {
    Path cert = dir.resolve(fileName + ".pem");
    Path key = dir.resolve(fileName + ".key");
    Files.writeString(cert, pem(certificate));
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(key, pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
    return new CertAndKey(cert, key);
  }

  private static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(63, RANDOM).add(BigInteger.ONE);
  }
}
