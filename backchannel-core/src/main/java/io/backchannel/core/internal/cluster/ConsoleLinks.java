package io.backchannel.core.internal.cluster;

import io.backchannel.core.internal.connect.ReconnectingLink;
import io.backchannel.core.internal.session.Session;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This console's connections to the other consoles of its cluster, on which it relays calls for
 * the nodes they hold: one link per live console that publishes an address, dialed with this
 * console's own credential, opened when the console's heartbeat is first read and closed when its
 * lease ends. These connections are not sessions of the registry: the consoles at their other end
 * are not nodes, and each console dials every other, so each direction has its own connection and
 * each is authenticated by the console it reaches. At most as many links as the view follows
 * consoles.
 */
final class ConsoleLinks implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleLinks.class);

  private final Function<List<String>, ReconnectingLink> connect;
  private final Map<String, Held> links = new HashMap<>(); // guarded by this
  private boolean closed; // guarded by this

  /** @param connect starts a link that keeps a connection up to one of the given URIs */
  ConsoleLinks(Function<List<String>, ReconnectingLink> connect) {
    this.connect = connect;
  }

  /** Opens a link to each console of {@code live} not linked yet, and closes those to consoles gone. */
  void follow(Map<String, List<String>> live) {
    List<ReconnectingLink> stale = new java.util.ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      links.entrySet().removeIf(link -> {
        List<String> addresses = live.get(link.getKey());
        if (addresses == null || !addresses.equals(link.getValue().addresses())) {
          stale.add(link.getValue().link());
          return true;
        }
        return false;
      });
      live.forEach((console, addresses) -> links.computeIfAbsent(console, id -> {
        LOG.info("linking to console {} at {}", id, addresses);
        return new Held(addresses, connect.apply(addresses));
      }));
    }
    stale.forEach(ReconnectingLink::close);
  }

  /**
   * The open connection to {@code console}, if there is one and the listener it reached is that
   * console: an address that now leads elsewhere is never used for it.
   */
  @Nullable Session session(String console) {
    Held held;
    synchronized (this) {
      held = links.get(console);
    }
    Session session = held == null ? null : held.link().session();
    return session != null && session.nodeId().equals(console) ? session : null;
  }

  @Override
  public void close() {
    List<Held> all;
    synchronized (this) {
      closed = true;
      all = List.copyOf(links.values());
      links.clear();
    }
    all.forEach(held -> held.link().close());
  }

  private record Held(List<String> addresses, ReconnectingLink link) {}
}
