package io.backchannel.core.bounds;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Hand-written attacker connections: plain sockets that speak just enough of a protocol. */
final class RawSockets {
  private RawSockets() {}

  /** A socket to the listener at {@code uri}, from the loopback address {@code source}. */
  static Socket open(URI uri, String source) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
    socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
    // Only so that a poll returns; closing is awaited with Awaitility, never by this timeout.
    socket.setSoTimeout(50);
    return socket;
  }

  /**
   * A TLS socket to the listener at {@code uri}, from {@code source}, trusting only {@code ca}
   * (PEM), with its handshake done.
   */
  static Socket openTls(URI uri, String source, java.nio.file.Path ca) throws Exception {
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream pem = java.nio.file.Files.newInputStream(ca)) {
      trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(pem));
    }
    javax.net.ssl.TrustManagerFactory trustManagers =
        javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(null, trustManagers.getTrustManagers(), null);
    Socket plain = open(uri, source);
    javax.net.ssl.SSLSocket socket =
        (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket(plain, uri.getHost(), uri.getPort(), true);
    socket.setSoTimeout(5_000);
    socket.startHandshake();
    socket.setSoTimeout(50);
    return socket;
  }

  /** Whether the other end has closed the socket; reads and drops whatever it sent before. */
  static boolean closedByPeer(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      while (true) {
        if (in.read(buffer) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Writes {@code bytes}; false if the peer has already closed (reset) the connection. */
  static boolean write(Socket socket, byte[] bytes) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write(bytes);
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Sends a WebSocket upgrade request for {@code /} and reads the response head. */
  static String upgrade(Socket socket) throws IOException {
    String request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.setSoTimeout(5_000);
    StringBuilder head = new StringBuilder();
    InputStream in = socket.getInputStream();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    socket.setSoTimeout(50);
    return head.toString();
  }

  /** A masked binary WebSocket frame header claiming {@code length} bytes of payload. */
  static byte[] webSocketHeader(long length) {
    byte[] header = new byte[2 + 8 + 4];
    header[0] = (byte) 0x82;
    header[1] = (byte) (0x80 | 127);
    for (int i = 0; i < 8; i++) {
      header[2 + i] = (byte) (length >>> (56 - 8 * i));
    }
    return header; // mask key of zeros
  }
}
