package io.backchannel.core.internal.transport;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS settings in the query string of a {@code tcp+tls}, {@code tls} or {@code wss} URI, and
 * the Netty {@link SslContext}s built from them. There is deliberately no way to switch off
 * certificate or host name checks. Immutable; building a context reads files and may block. Public
 * for transports in other modules (Kafka's session TLS) that take the same parameters.
 */
public final class TlsOptions {
  static final String CERT = "cert";
  static final String KEY = "key";
  static final String CA = "ca";
  static final String CLIENT_AUTH = "clientAuth";
  static final String SERVER_NAME = "serverName";

  private static final List<String> NAMES = List.of(CERT, KEY, CA, CLIENT_AUTH, SERVER_NAME);
  /** What a dialer of a listener's URI needs; the listener's own key material stays behind. */
  private static final Set<String> FOR_DIALERS = Set.of(CA, SERVER_NAME);
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._:\\[\\]-]+");
  private static final Logger LOG = LoggerFactory.getLogger(TlsOptions.class);

  private final URI uri;
  private final @Nullable Path cert;
  private final @Nullable Path key;
  private final @Nullable Path ca;
  private final ClientAuth clientAuth;
  private final @Nullable String serverName;

  private TlsOptions(URI uri, Map<String, String> parameters) {
    this.uri = uri;
    this.cert = path(parameters, CERT);
    this.key = path(parameters, KEY);
    this.ca = path(parameters, CA);
    this.clientAuth = clientAuth(parameters.get(CLIENT_AUTH));
    String name = parameters.get(SERVER_NAME);
    if (name != null && !HOST_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(SERVER_NAME + "=" + name + " is not a host name or IP address in " + uri);
    }
    this.serverName = name;
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException(
          "cert= and key= go together (a PEM certificate chain and its PKCS#8 private key); " + uri + " has only "
              + (cert == null ? KEY : CERT));
    }
  }

  /** Parses and checks the query of {@code uri}; files are read later, by the context builders. */
  public static TlsOptions parse(URI uri) {
    return new TlsOptions(uri, parameters(uri));
  }

  /** The name the dialer verifies the server certificate against, if not the URI host. */
  public @Nullable String serverName() {
    return serverName;
  }

  /** A server context: the listener's certificate, and client certificates checked against {@code ca}. */
  public SslContext listenerContext() {
    if (cert == null || key == null) {
      throw new IllegalArgumentException("listening on " + uri.getScheme() + " needs cert= and key= (PEM certificate"
          + " chain and PKCS#8 private key), e.g. " + uri.getScheme() + "://0.0.0.0:7443?cert=/etc/bc/server.pem&key=/etc/bc/server.key");
    }
    if (clientAuth != ClientAuth.NONE && ca == null) {
      throw new IllegalArgumentException(CLIENT_AUTH + "=" + clientAuth.name().toLowerCase(Locale.ROOT)
          + " needs ca= (the PEM bundle of CAs that sign client certificates); the JDK's public CAs are never"
          + " trusted for client certificates: " + uri);
    }
    List<X509Certificate> chain = PemFiles.certificates(CERT, cert);
    PrivateKey privateKey = PemFiles.privateKey(KEY, key);
    PemFiles.checkPair(cert, chain.get(0), key, privateKey);
    warnIfExpired(chain.get(0));
    warnIfReadableByOthers(key);
    SslContextBuilder builder = SslContextBuilder.forServer(privateKey, chain)
        .sslProvider(SslProvider.JDK)
        .protocols(PROTOCOLS)
        .clientAuth(clientAuth);
    if (ca != null) {
      builder.trustManager(PemFiles.certificates(CA, ca));
    }
    return build(builder);
  }

  /**
   * A client context: the server's chain checked against {@code ca} (or the JDK's trust store
   * without it) and its name against the host, with {@code cert}/{@code key} presented if given.
   */
  public SslContext dialerContext() {
    if (clientAuth != ClientAuth.NONE) {
      throw new IllegalArgumentException(
          CLIENT_AUTH + "= applies to listeners only; remove it from the dial URI " + uri);
    }
    SslContextBuilder builder = SslContextBuilder.forClient()
        .sslProvider(SslProvider.JDK)
        .protocols(PROTOCOLS)
        .endpointIdentificationAlgorithm("HTTPS");
    if (ca != null) {
      builder.trustManager(PemFiles.certificates(CA, ca));
    }
    if (cert != null && key != null) {
      List<X509Certificate> chain = PemFiles.certificates(CERT, cert);
      PrivateKey privateKey = PemFiles.privateKey(KEY, key);
      PemFiles.checkPair(cert, chain.get(0), key, privateKey);
      warnIfReadableByOthers(key);
      builder.keyManager(privateKey, chain);
    }
    return build(builder);
  }

  /**
   * The raw query of {@code uri} keeping only what a dialer needs ({@code ca}, {@code
   * serverName}), or null if nothing is left.
   */
  static @Nullable String dialerQuery(URI uri) {
    String query = uri.getRawQuery();
    if (query == null) {
      return null;
    }
    StringJoiner kept = new StringJoiner("&");
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && FOR_DIALERS.contains(pair.substring(0, eq))) {
        kept.add(pair);
      }
    }
    return kept.length() == 0 ? null : kept.toString();
  }

  private SslContext build(SslContextBuilder builder) {
    try {
      return builder.build();
    } catch (SSLException | RuntimeException e) {
      throw new IllegalArgumentException("cannot set up TLS for " + uri + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, String> parameters(URI uri) {
    Map<String, String> parameters = new LinkedHashMap<>();
    String query = uri.getRawQuery();
    if (query == null || query.isEmpty()) {
      return parameters;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (!NAMES.contains(name)) {
        throw new IllegalArgumentException("unknown TLS parameter '" + name + "' in " + uri + " (expected " + NAMES + ")");
      }
      if (value.isEmpty()) {
        throw new IllegalArgumentException("TLS parameter '" + name + "' needs a value in " + uri);
      }
      if (parameters.put(name, value) != null) {
        throw new IllegalArgumentException("TLS parameter '" + name + "' given twice in " + uri);
      }
    }
    return parameters;
  }

  private static String decode(String raw) {
    // Percent-decoding only: '+' is a literal plus in a URI query, not a space.
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static @Nullable Path path(Map<String, String> parameters, String name) {
    String value = parameters.get(name);
    return value == null ? null : Path.of(value);
  }

  private static ClientAuth clientAuth(@Nullable String value) {
    if (value == null) {
      return ClientAuth.NONE;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "none" -> ClientAuth.NONE;
      case "optional" -> ClientAuth.OPTIONAL;
      case "require" -> ClientAuth.REQUIRE;
      default -> throw new IllegalArgumentException(
          CLIENT_AUTH + "=" + value + " is not one of none, optional, require");
    };
  }

  private void warnIfExpired(X509Certificate certificate) {
    Date now = new Date();
    if (now.before(certificate.getNotBefore()) || now.after(certificate.getNotAfter())) {
      LOG.warn("certificate in cert={} ({}) is valid only from {} to {}; clients will refuse it",
          cert, certificate.getSubjectX500Principal().getName(), certificate.getNotBefore(), certificate.getNotAfter());
    }
  }

  private static void warnIfReadableByOthers(Path keyFile) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
      if (permissions.contains(PosixFilePermission.OTHERS_READ) || permissions.contains(PosixFilePermission.GROUP_READ)) {
        LOG.warn("private key {} is readable by group or others; chmod 600 it", keyFile);
      }
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system, or not readable: reading the key reports the latter
    }
  }
}
