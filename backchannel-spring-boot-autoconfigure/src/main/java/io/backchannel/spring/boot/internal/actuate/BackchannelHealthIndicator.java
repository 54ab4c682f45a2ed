package io.backchannel.spring.boot.internal.actuate;

import io.backchannel.core.Server;
import io.backchannel.core.node.Link;
import io.backchannel.spring.boot.internal.lifecycle.PeerLifecycle;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP while the peer runs and its link, if {@code backchannel.connect.required}, is connected; DOWN
 * otherwise. Details: node id, listener URIs, the link (URI-free: whether it is connected, to which
 * node, how often it connected) and the number of open connections (sessions).
 */
public final class BackchannelHealthIndicator extends AbstractHealthIndicator {
  private final PeerLifecycle lifecycle;

  public BackchannelHealthIndicator(PeerLifecycle lifecycle) {
    super("Backchannel health check failed");
    this.lifecycle = lifecycle;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    builder.withDetail("nodeId", lifecycle.peer().node().nodeId());
    builder.withDetail("listeners", lifecycle.servers().stream().map(Server::uri).map(Object::toString).toList());
    builder.withDetail("sessions", lifecycle.peer().connections().size());
    if (!lifecycle.isRunning()) {
      builder.down().withDetail("reason", "not running");
      return;
    }
    Link link = lifecycle.link();
    if (link == null) {
      builder.up();
      return;
    }
    Map<String, Object> details = new LinkedHashMap<>();
    boolean connected = link.connection().isPresent();
    details.put("connected", connected);
    link.connection().ifPresent(connection -> details.put("remote", connection.remote().nodeId()));
    details.put("connects", link.connects());
    details.put("required", lifecycle.linkRequired());
    builder.withDetail("link", details);
    if (connected || !lifecycle.linkRequired()) {
      builder.up();
    } else {
      builder.down();
    }
  }
}
