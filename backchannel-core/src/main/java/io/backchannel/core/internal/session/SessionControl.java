package io.backchannel.core.internal.session;

import io.backchannel.core.internal.config.TrustLimits;
import io.backchannel.core.internal.metrics.PeerMetrics;
import io.backchannel.core.internal.wire.Control;
import io.backchannel.core.node.NodeSelector;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
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
 */
public final class SessionControl {
  private static final Logger LOG = LoggerFactory.getLogger(SessionControl.class);

  private final SessionRegistry registry;
  private final LocalNode self;
  private final IntSupplier inFlight;
  private final @Nullable DoubleSupplier loadGauge;
  private final AnnounceBounds bounds;

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
        registry.drain(from);
      }
      case Control.LOAD -> from.load().reported(
          control.inFlight() == null ? 0 : control.inFlight(),
          control.cpu() == null ? 0 : control.cpu(),
          control.gauge() == null ? 0 : control.gauge());
      default -> LOG.debug("ignoring unknown control message {} from {}", control.type(), from.nodeId());
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
