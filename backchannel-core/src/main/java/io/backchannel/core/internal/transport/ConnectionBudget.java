package io.backchannel.core.internal.transport;

import io.backchannel.core.transport.ListenerLimits;
import io.backchannel.core.transport.ListenerLimits.Refusal;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** The open connections of one listener, in all and per source address. Thread-safe. */
final class ConnectionBudget {
  private final int maxConnections;
  private final int maxPerAddress;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

  ConnectionBudget(ListenerLimits limits) {
    this.maxConnections = limits.maxConnections();
    this.maxPerAddress = limits.maxConnectionsPerAddress();
  }

  /**
   * Takes a place for a connection from {@code address}.
   *
   * @return null if it got one (give it back with {@link #release}), else why not
   */
  @Nullable Refusal acquire(InetAddress address) {
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      return Refusal.LISTENER_FULL;
    }
    boolean[] granted = {false};
    perAddress.compute(address, (key, count) -> {
      int current = count == null ? 0 : count;
      if (current >= maxPerAddress) {
        return count;
      }
      granted[0] = true;
      return current + 1;
    });
    if (!granted[0]) {
      open.decrementAndGet();
      return Refusal.ADDRESS_FULL;
    }
    return null;
  }

  void release(InetAddress address) {
    // Entries go when their last connection does, so the map holds only addresses with connections.
    perAddress.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
    open.decrementAndGet();
  }
}
