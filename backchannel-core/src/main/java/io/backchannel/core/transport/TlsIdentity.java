package io.backchannel.core.transport;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The identity in a verified peer certificate: on a TLS listener with {@code clientAuth=optional}
 * or {@code require}, the client's certificate, already checked against the listener's {@code
 * ca}. Immutable and thread-safe.
 *
 * <p>How to reach it: the TLS server transports put it in the Reactor {@link ContextView} of the
 * connection's accept chain, so an RSocket {@code SocketAcceptor} that returns {@code
 * Mono.deferContextual(ctx -> ... TlsIdentity.from(ctx) ...)} sees it for the connection it is
 * accepting. Code holding the Netty channel can use {@link #of(Channel)}.
 */
public final class TlsIdentity {
  private static final int SAN_DNS = 2;
  private static final int SAN_URI = 6;

  private final List<X509Certificate> chain;
  private final String subject;
  private final @Nullable String commonName;
  private final List<String> dnsNames;
  private final List<String> uris;

  private TlsIdentity(List<X509Certificate> chain) {
    this.chain = List.copyOf(chain);
    X509Certificate leaf = chain.get(0);
    this.subject = leaf.getSubjectX500Principal().getName();
    this.commonName = commonName(subject);
    this.dnsNames = alternativeNames(leaf, SAN_DNS);
    this.uris = alternativeNames(leaf, SAN_URI);
  }

  /** The identity in {@code chain}, leaf first. */
  public static TlsIdentity of(List<X509Certificate> chain) {
    if (requireNonNull(chain, "chain").isEmpty()) {
      throw new IllegalArgumentException("chain is empty; expected the peer's certificate first");
    }
    return new TlsIdentity(chain);
  }

  /** The peer's verified certificate in {@code session}; empty if the peer presented none. */
  public static Optional<TlsIdentity> of(SSLSession session) {
    requireNonNull(session, "session");
    Certificate[] certificates;
    try {
      certificates = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
    List<X509Certificate> chain = new ArrayList<>();
    for (Certificate certificate : certificates) {
      if (certificate instanceof X509Certificate x509) {
        chain.add(x509);
      }
    }
    return chain.isEmpty() ? Optional.empty() : Optional.of(new TlsIdentity(chain));
  }

  /**
   * The peer's verified certificate on a channel whose TLS handshake has completed; empty if the
   * channel has no TLS or the peer presented no certificate.
   */
  public static Optional<TlsIdentity> of(Channel channel) {
    SslHandler ssl = requireNonNull(channel, "channel").pipeline().get(SslHandler.class);
    return ssl == null || !ssl.handshakeFuture().isSuccess() ? Optional.empty() : of(ssl.engine().getSession());
  }

  /** The identity a TLS server transport stored for the connection being accepted, if any. */
  public static Optional<TlsIdentity> from(ContextView context) {
    return context.getOrEmpty(TlsIdentity.class);
  }

  /**
   * {@code context} with the identity of {@code channel}'s peer added, if it has one: for server
   * transports, to put in the context of the connection they hand to the acceptor.
   */
  public static Context addTo(Context context, Channel channel) {
    return of(channel).map(identity -> context.put(TlsIdentity.class, identity)).orElse(context);
  }

  /** The peer's certificate chain, its own certificate first. */
  public List<X509Certificate> chain() {
    return chain;
  }

  /** The peer's certificate. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** The subject distinguished name, RFC 2253, e.g. {@code CN=sidecar-1,O=Example}. */
  public String subject() {
    return subject;
  }

  /** The subject's common name (the most specific one if there are several). */
  public Optional<String> commonName() {
    return Optional.ofNullable(commonName);
  }

  /** The DNS names among the subject alternative names. */
  public List<String> dnsNames() {
    return dnsNames;
  }

  /** The URIs among the subject alternative names, e.g. SPIFFE IDs. */
  public List<String> uris() {
    return uris;
  }

  /**
   * One name for the peer: the first URI alternative name, else the first DNS one, else the
   * common name, else the whole subject.
   */
  public String name() {
    if (!uris.isEmpty()) {
      return uris.get(0);
    }
    if (!dnsNames.isEmpty()) {
      return dnsNames.get(0);
    }
    return commonName != null ? commonName : subject;
  }

  @Override
  public String toString() {
    return "TlsIdentity{" + name() + ", subject=" + subject + "}";
  }

  private static @Nullable String commonName(String subject) {
    try {
      List<Rdn> rdns = new LdapName(subject).getRdns(); // index 0 is the rightmost, most general RDN
      for (int i = rdns.size() - 1; i >= 0; i--) {
        if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
          return String.valueOf(rdns.get(i).getValue());
        }
      }
    } catch (InvalidNameException e) {
      // an X500Principal always prints a valid name; nothing to report
    }
    return null;
  }

  private static List<String> alternativeNames(X509Certificate certificate, int type) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> all = certificate.getSubjectAlternativeNames();
      if (all != null) {
        for (List<?> entry : all) {
          if (entry.size() >= 2 && entry.get(0) instanceof Integer kind && kind == type && entry.get(1) instanceof String name) {
            names.add(name);
          }
        }
      }
    } catch (CertificateParsingException e) {
      // a certificate the handshake accepted but whose extension Java cannot parse: no names
    }
    return List.copyOf(names);
  }
}
