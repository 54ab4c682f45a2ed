package io.backchannel.core.internal.session;

import io.backchannel.core.internal.config.TrustLimits;
import io.backchannel.core.internal.metrics.PeerMetrics;
import io.backchannel.core.internal.wire.Control;
import io.backchannel.core.node.NodeSelector;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session control messages (METADATA_PUSH), both ways: applies what a connected node announces
 * (new tags and services, a graceful leave, its load), and tells connected nodes this node's own.
 *
 * <p>Load reports go only to the nodes this node dialed: they are what a dialer's load is for (a
 * listener such as a hub routes least-loaded among the nodes that dialed it). A listener reports
 * its load to nobody: on a hub serving many tenants its in-flight count and CPU would tell every
 * tenant how busy the others are.
 *
 * <p>{@code move} goes the other way only: a listener that is leaving asks the nodes that dialed it
 * to go to another listener. A dialer acts on it (its link moves); a listener ignores a {@code move}
 * from a node that dialed it, as that node has no say in where this one's connections go.
 */
public final class SessionControl {
  private static final Logger LOG = LoggerFactory.getLogger(SessionControl.class);

  private final SessionRegistry registry;
  private final LocalNode self;
  private final IntSupplier inFlight;
  private final @Nullable DoubleSupplier loadGauge;
  private final AnnounceBounds bounds;
  private final PeerMetrics metrics;
  private final AtomicLong ignoredMoves = new AtomicLong();

  /**
   * @param inFlight this node's inbound calls in flight, for its load reports
   * @param loadGauge the application's load figure, if any
   * @param limits how much and how often a node may announce
   */
  public SessionControl(SessionRegistry registry, LocalNode self, IntSupplier inFlight, @Nullable DoubleSupplier loadGauge,
      TrustLimits limits, PeerMetrics metrics) {
    this.registry = registry;
    this.self = self;
    this.inFlight = inFlight;
    this.loadGauge = loadGauge;
    this.bounds = new AnnounceBounds(limits, metrics);
    this.metrics = metrics;
  }

  /** Why a node may not announce these in SETUP, or null if it may; counts a refusal. */
  @Nullable String oversize(Map<String, String> tags, List<String> services) {
    return bounds.oversize(tags, services);
  }

  /** Applies a message that {@code from} pushed; called on its I/O thread. */
  void received(Session from, Control control) {
    switch (control.type()) {
      case Control.UPDATE -> update(from,
          control.tags() == null ? Map.of() : control.tags(), control.services() == null ? List.of() : control.services());
      case Control.LEAVING -> {
        LOG.info("node {} is leaving", from.nodeId());
        from.markLeaving();
        registry.drain(from);
      }
      case Control.MOVE -> moveAsked(from);
      case Control.LOAD -> from.load().reported(
          control.inFlight() == null ? 0 : control.inFlight(),
          control.cpu() == null ? 0 : control.cpu(),
          control.gauge() == null ? 0 : control.gauge());
      default -> LOG.debug("ignoring unknown control message {} from {}", control.type(), from.nodeId());
    }
  }

  private void moveAsked(Session from) {
    if (from.isDialed()) {
      LOG.info("node {} asks this node to move to another of its link's listeners", from.nodeId());
      from.moveAsked();
      return;
    }
    // Counted always, logged once: a node that keeps pushing it must not fill the log.
    metrics.refused("move_from_dialer");
    if (ignoredMoves.getAndIncrement() == 0) {
      LOG.warn("node {} pushed a move, which only a listener may send to a node that dialed it; ignored "
          + "(logged once; counted as backchannel.trust.refusals, reason move_from_dialer)", from.nodeId());
    }
  }

  private void update(Session from, Map<String, String> tags, List<String> services) {
    if (!bounds.admitsUpdate(from.announces())) {
      LOG.debug("node {} announces too often; update ignored", from.nodeId());
      return;
    }
    String oversize = bounds.oversize(tags, services);
    if (oversize != null) {
      LOG.warn("node {} announced {}; update ignored", from.nodeId(), oversize);
      return;
    }
    registry.announce(from, tags, services);
  }

  /** Tells every connected node this node's current tags and services. */
  public void announce() {
    pushToAll(Control.update(self.tags(), self.services().serviceNames()));
  }

  /** Tells every connected node that this one is leaving: they route it nothing new. */
  public void leaving() {
    pushToAll(Control.leaving());
  }

  /**
   * Asks every node that dialed this one to move to another listener, once per session (a session
   * admitted since the last call is asked now), and marks it draining, which a cluster republishes.
   * Fellow consoles of a cluster are not asked: their links follow this console's heartbeat, and
   * end when it withdraws it.
   *
   * @return the sessions this node admitted, other than fellow consoles', that are still open
   */
  public List<Session> move() {
    List<Session> admitted = registry.sessions(NodeSelector.anyTenant()).stream()
        .filter(session -> !session.isDialed() && !session.isConsole())
        .toList();
    for (Session session : admitted) {
      registry.drain(session);
      session.pushMoveOnce();
    }
    return admitted;
  }

  /** Tells the nodes this node dialed its load (see the class comment for why not the others). */
  public void reportLoad() {
    double cpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? Math.max(0, os.getProcessCpuLoad())
        : 0;
    DoubleSupplier gauge = loadGauge;
    Control load = Control.load(inFlight.getAsInt(), cpu, gauge == null ? null : gauge.getAsDouble());
    registry.sessions(NodeSelector.any()).stream().filter(Session::isDialed).forEach(session -> session.push(load));
  }

  private void pushToAll(Control control) {
    registry.sessions(NodeSelector.any()).forEach(session -> session.push(control));
  }
}
