package io.backchannel.transport.shm;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The settings an {@code shm:} URI carries (see the module README):
 *
 * <pre>
 * shm:///run/app/peer.sock?ring=1m&amp;dir=/dev/shm&amp;spin=20us&amp;wake=auto
 * shm://127.0.0.1:7000?peer=any&amp;spin=0 (TCP handshake, any local user; port 0 = ephemeral)
 * </pre>
 *
 * @param handshake where the listener accepts handshakes: a Unix-domain socket path, or a TCP
 *     address when the URI has a host
 * @param ringCapacity bytes per direction; set by the listener, ignored when dialing
 * @param directory where the listener creates ring files
 * @param spinNanos how long a side spins before sleeping when its ring is empty or full
 * @param doorbell whether to use the socket doorbell even where a futex is available
 * @param anyPeerUser whether a peer running as another local user may connect ({@code peer=any});
 *     by default ({@code peer=same-user}) the kernel-reported user of the peer must be ours
 * @param maxPending how many accepted connections a listener holds before their first frame
 *     ({@code maxPending}); more are closed at once
 * @param pendingTimeout how long a connection may take from accept to its first frame, handshake
 *     included ({@code pendingTimeout}); also bounds the dialer's handshake
 */
record ShmOptions(
    SocketAddress handshake, int ringCapacity, Path directory, long spinNanos, boolean doorbell, boolean anyPeerUser,
    int maxPending, Duration pendingTimeout) {

  static final int DEFAULT_RING = 1 << 20;
  static final long DEFAULT_SPIN_NANOS = 20_000;
  static final int DEFAULT_MAX_PENDING = 16;
  static final Duration DEFAULT_PENDING_TIMEOUT = Duration.ofSeconds(10);
  private static final Set<String> KEYS = Set.of("ring", "dir", "spin", "wake", "peer", "maxPending", "pendingTimeout");

  /**
   * Parses {@code uri}.
   *
   * @throws IllegalArgumentException naming the bad part and what was expected
   */
  static ShmOptions parse(URI uri) {
    SocketAddress handshake = handshakeAddress(uri);
    int ring = DEFAULT_RING;
    Path dir = defaultDirectory();
    long spin = DEFAULT_SPIN_NANOS;
    boolean doorbell = false;
    boolean anyPeerUser = false;
    int maxPending = DEFAULT_MAX_PENDING;
    Duration pendingTimeout = DEFAULT_PENDING_TIMEOUT;
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        switch (key) {
          case "ring" -> ring = ringCapacity(value, uri);
          case "dir" -> dir = directory(value, uri);
          case "spin" -> spin = spinNanos(value, uri);
          case "wake" -> doorbell = doorbell(value, uri);
          case "peer" -> anyPeerUser = anyPeerUser(value, uri);
          case "maxPending" -> maxPending = maxPending(value, uri);
          case "pendingTimeout" -> pendingTimeout = pendingTimeout(value, uri);
          default ->
              throw new IllegalArgumentException("unknown shm URI parameter '" + key + "' in " + uri + " (known: " + KEYS + ")");
        }
      }
    }
    if (handshake instanceof InetSocketAddress && !anyPeerUser) {
      throw new IllegalArgumentException(
          "shm URI " + uri + " has a TCP handshake, whose peer's user cannot be checked: use a Unix-domain socket"
              + " (shm:///path/to/peer.sock) or accept every local user with peer=any");
    }
    return new ShmOptions(handshake, ring, dir, spin, doorbell, anyPeerUser, maxPending, pendingTimeout);
  }

  boolean tcp() {
    return handshake instanceof InetSocketAddress;
  }

  private static SocketAddress handshakeAddress(URI uri) {
    if (uri.getHost() != null) {
      if (uri.getPort() < 0 || uri.getPort() > 65535) {
        throw new IllegalArgumentException("shm URI with a host needs a port in [0, 65535]: " + uri);
      }
      return new InetSocketAddress(uri.getHost(), uri.getPort());
    }
    String path = uri.getPath();
    if (uri.isOpaque() || uri.getRawAuthority() != null || path == null || !path.startsWith("/") || path.length() < 2) {
      throw new IllegalArgumentException(
          "shm URI needs an absolute socket path or a host and port: " + uri
              + " (expected shm:///path/to/peer.sock or shm://127.0.0.1:port)");
    }
    return UnixDomainSocketAddress.of(path);
  }

  private static int ringCapacity(String value, URI uri) {
    long bytes = parseSize(value, uri);
    if (bytes < RingDescriptor.MIN_CAPACITY || bytes > RingDescriptor.MAX_CAPACITY || Long.bitCount(bytes) != 1) {
      throw new IllegalArgumentException(
          "shm ring=" + value + " in " + uri + ": expected a power of two in [4k, 1g], e.g. ring=1m");
    }
    return (int) bytes;
  }

  private static long parseSize(String value, URI uri) {
    String v = value.toLowerCase(Locale.ROOT);
    long unit = 1;
    if (v.endsWith("k")) {
      unit = 1L << 10;
    } else if (v.endsWith("m")) {
      unit = 1L << 20;
    } else if (v.endsWith("g")) {
      unit = 1L << 30;
    }
    String digits = unit == 1 ? v : v.substring(0, v.length() - 1);
    try {
      return Math.multiplyExact(Long.parseLong(digits), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("shm ring=" + value + " in " + uri + ": expected bytes with k/m/g suffix, e.g. ring=1m");
    }
  }

  private static long spinNanos(String value, URI uri) {
    String v = value.toLowerCase(Locale.ROOT);
    long unit = 1_000;
    String digits = v;
    if (v.endsWith("ns")) {
      unit = 1;
      digits = v.substring(0, v.length() - 2);
    } else if (v.endsWith("us")) {
      digits = v.substring(0, v.length() - 2);
    } else if (v.endsWith("ms")) {
      unit = 1_000_000;
      digits = v.substring(0, v.length() - 2);
    }
    try {
      long nanos = Math.multiplyExact(Long.parseLong(digits), unit);
      if (nanos < 0 || nanos > 1_000_000_000L) {
        throw new NumberFormatException();
      }
      return nanos;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "shm spin=" + value + " in " + uri + ": expected a duration in [0, 1s] as 0, 20us, 500ns or 1ms (plain numbers are µs)");
    }
  }

  private static Path directory(String value, URI uri) {
    Path dir = Path.of(value);
    if (!dir.isAbsolute() || !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("shm dir=" + value + " in " + uri + ": expected an existing absolute directory");
    }
    return dir;
  }

  private static boolean doorbell(String value, URI uri) {
    return switch (value) {
      case "auto" -> false;
      case "doorbell" -> true;
      default -> throw new IllegalArgumentException("shm wake=" + value + " in " + uri + ": expected auto or doorbell");
    };
  }

  private static boolean anyPeerUser(String value, URI uri) {
    return switch (value) {
      case "same-user" -> false;
      case "any" -> true;
      default -> throw new IllegalArgumentException("shm peer=" + value + " in " + uri + ": expected same-user or any");
    };
  }

  private static int maxPending(String value, URI uri) {
    try {
      int max = Integer.parseInt(value);
      if (max >= 1 && max <= 10_000) {
        return max;
      }
    } catch (NumberFormatException e) {
      // Reported below with the expected range.
    }
    throw new IllegalArgumentException("shm maxPending=" + value + " in " + uri + ": expected a count in [1, 10000]");
  }

  private static Duration pendingTimeout(String value, URI uri) {
    String v = value.toLowerCase(Locale.ROOT);
    try {
      Duration timeout = v.endsWith("ms")
          ? Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)))
          : Duration.ofSeconds(Long.parseLong(v.endsWith("s") ? v.substring(0, v.length() - 1) : v));
      if (timeout.toMillis() >= 100 && timeout.toSeconds() <= 600) {
        return timeout;
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // Reported below with the expected range.
    }
    throw new IllegalArgumentException(
        "shm pendingTimeout=" + value + " in " + uri + ": expected a duration in [100ms, 600s] as 10s or 500ms (plain numbers are seconds)");
  }

  private static Path defaultDirectory() {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
  }
}
