package io.backchannel.core.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a listener grants a connection before its SETUP is accepted, when nobody knows who is on
 * the other end: how many connections it holds open (in all and per source address), how long a
 * connection may take from accept to admission, and how large a frame it may send until then.
 * Transports that can, refuse at accept time and report each refusal to {@link #refused}.
 *
 * @param maxConnections open connections per listener, admitted or not
 * @param maxConnectionsPerAddress open connections per listener from one source IP address
 * @param setupTimeout from accept (before the TLS handshake or WebSocket upgrade) to an accepted SETUP
 * @param maxSetupFrameSize the largest frame, in bytes, read until SETUP is accepted
 * @param refused told of every refusal, on an I/O thread; must be fast
 */
public record ListenerLimits(
    int maxConnections, int maxConnectionsPerAddress, Duration setupTimeout, int maxSetupFrameSize,
    Consumer<Refusal> refused) {
  /** The defaults {@code PeerBuilder} starts from. */
  public static final ListenerLimits DEFAULTS = new ListenerLimits(10_000, 256, Duration.ofSeconds(10), 64 * 1024, r -> {});

  /** Why a connection was closed before it was admitted; {@link #tag} is the meter's tag value. */
  public enum Refusal {
    LISTENER_FULL("listener_full"),
    ADDRESS_FULL("address_full"),
    SETUP_TIMEOUT("setup_timeout"),
    FRAME_TOO_LARGE("frame_too_large");

    private final String tag;

    Refusal(String tag) {
      this.tag = tag;
    }

    public String tag() {
      return tag;
    }
  }

  public ListenerLimits {
    if (maxConnections < 1 || maxConnectionsPerAddress < 1) {
      throw new IllegalArgumentException("connection limits must be at least 1, were "
          + maxConnections + " and " + maxConnectionsPerAddress);
    }
    Objects.requireNonNull(setupTimeout, "setupTimeout");
    if (setupTimeout.isNegative() || setupTimeout.isZero()) {
      throw new IllegalArgumentException("setupTimeout must be positive, was " + setupTimeout);
    }
    // A SETUP with a hello and a token needs a few KiB; RSocket's smallest fragment is 64 bytes.
    if (maxSetupFrameSize < 1024) {
      throw new IllegalArgumentException("maxSetupFrameSize must be at least 1024 bytes, was " + maxSetupFrameSize);
    }
    Objects.requireNonNull(refused, "refused");
  }

  public ListenerLimits withConnections(int total, int perAddress) {
    return new ListenerLimits(total, perAddress, setupTimeout, maxSetupFrameSize, refused);
  }

  public ListenerLimits withSetupTimeout(Duration timeout) {
    return new ListenerLimits(maxConnections, maxConnectionsPerAddress, timeout, maxSetupFrameSize, refused);
  }

  public ListenerLimits withMaxSetupFrameSize(int bytes) {
    return new ListenerLimits(maxConnections, maxConnectionsPerAddress, setupTimeout, bytes, refused);
  }

  public ListenerLimits reportingTo(Consumer<Refusal> listener) {
    return new ListenerLimits(maxConnections, maxConnectionsPerAddress, setupTimeout, maxSetupFrameSize, listener);
  }
}
