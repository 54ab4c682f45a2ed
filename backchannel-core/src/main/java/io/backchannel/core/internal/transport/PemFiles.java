package io.backchannel.core.internal.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads PEM certificates and PKCS#8 keys for {@link TlsOptions}, with errors that name the URI
 * parameter and the file. Stateless; every method may block on file I/O.
 */
final class PemFiles {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"};

  private PemFiles() {}

  /** Every {@code CERTIFICATE} block in the file, in order; at least one. */
  static List<X509Certificate> certificates(String parameter, Path file) {
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      Matcher block = BLOCK.matcher(read(parameter, file));
      while (block.find()) {
        if (block.group(1).equals("CERTIFICATE")) {
          byte[] der = Base64.getMimeDecoder().decode(block.group(2));
          certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
        }
      }
    } catch (CertificateException | IllegalArgumentException e) {
      throw new IllegalArgumentException(parameter + "=" + file + ": not a valid PEM certificate: " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(
          parameter + "=" + file + " holds no certificate (expected PEM '-----BEGIN CERTIFICATE-----' blocks)");
    }
    return certificates;
  }

  /** The one unencrypted PKCS#8 private key in the file. */
  static PrivateKey privateKey(String parameter, Path file) {
    Matcher block = BLOCK.matcher(read(parameter, file));
    while (block.find()) {
      String type = block.group(1);
      if (type.equals("PRIVATE KEY")) {
        return decodePkcs8(parameter, file, Base64.getMimeDecoder().decode(block.group(2)));
      }
      if (type.equals("ENCRYPTED PRIVATE KEY")) {
        throw new IllegalArgumentException(parameter + "=" + file
            + " is encrypted; expected an unencrypted PKCS#8 key protected by file permissions"
            + " (convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
      }
      if (type.endsWith("PRIVATE KEY")) {
        throw new IllegalArgumentException(parameter + "=" + file + " holds a '" + type
            + "' key; expected PKCS#8 '-----BEGIN PRIVATE KEY-----'"
            + " (convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
      }
    }
    throw new IllegalArgumentException(
        parameter + "=" + file + " holds no private key (expected PEM '-----BEGIN PRIVATE KEY-----', PKCS#8)");
  }

  /**
   * Checks that {@code key} belongs to {@code certificate} by signing and verifying a probe, so
   * that a mismatched pair fails at listen or dial time and not in every handshake. Key types
   * without a known signature algorithm are not checked.
   */
  static void checkPair(Path certFile, X509Certificate certificate, Path keyFile, PrivateKey key) {
    String algorithm = signatureAlgorithm(key.getAlgorithm());
    if (algorithm == null) {
      return;
    }
    byte[] probe = "backchannel key check".getBytes(StandardCharsets.US_ASCII);
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false;
    }
    if (!matches) {
      throw new IllegalArgumentException("key=" + keyFile + " is not the private key of the first certificate in cert="
          + certFile + " (" + certificate.getSubjectX500Principal().getName() + ")");
    }
  }

  private static @Nullable String signatureAlgorithm(String keyAlgorithm) {
    return switch (keyAlgorithm) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "Ed448", "EdDSA" -> keyAlgorithm;
      default -> null;
    };
  }

  private static PrivateKey decodePkcs8(String parameter, Path file, byte[] der) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException ignored) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException(
        parameter + "=" + file + ": unsupported or corrupt PKCS#8 key (expected RSA, EC or EdDSA)");
  }

  private static String read(String parameter, Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1); // PEM is ASCII; never fail on comments
    } catch (IOException e) {
      throw new IllegalArgumentException(parameter + "=" + file + " cannot be read: " + e, e);
    }
  }
}
