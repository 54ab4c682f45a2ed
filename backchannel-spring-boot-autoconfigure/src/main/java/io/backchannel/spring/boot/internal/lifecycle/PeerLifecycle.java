package io.backchannel.spring.boot.internal.lifecycle;

import io.backchannel.core.Peer;
import io.backchannel.core.Server;
import io.backchannel.core.node.Link;
import io.backchannel.spring.boot.BackchannelProperties;
import io.backchannel.spring.boot.internal.export.RemoteServiceExporter;
import io.backchannel.spring.boot.internal.peer.ConnectUris;
import io.backchannel.spring.boot.internal.peer.TlsUris;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the peer with the application context: on start it exports the collected beans, listens on
 * {@code backchannel.listen} and keeps the link to {@code backchannel.connect.uri}; on stop it
 * leaves gracefully ({@link Peer#leave}: connected nodes route it nothing new, the calls it serves
 * finish within {@code backchannel.shutdown.grace}, then it closes). Its phase is that of Boot's
 * web server graceful shutdown, so the peer drains while the web server does, after the
 * application's own lifecycle beans (default phase) stopped and before the web server itself.
 * Thread-safe.
 */
public final class PeerLifecycle implements SmartLifecycle {
  /** Boot's {@code WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE}. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

  private static final Logger LOG = LoggerFactory.getLogger(PeerLifecycle.class);

  private final Peer peer;
  private final BackchannelProperties properties;
  private final @Nullable RemoteServiceExporter exporter;
  private final List<Server> servers = new CopyOnWriteArrayList<>();
  private volatile @Nullable Link link;
  private volatile boolean running;

  public PeerLifecycle(Peer peer, BackchannelProperties properties, @Nullable RemoteServiceExporter exporter) {
    this.peer = peer;
    this.properties = properties;
    this.exporter = exporter;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    if (exporter != null) {
      exporter.exportTo(peer);
    }
    TlsUris tls = new TlsUris(properties.getTls());
    for (String uri : properties.getListen()) {
      Server server = peer.listen(tls.forListener(uri));
      servers.add(server);
      LOG.info("backchannel node {} listening on {}", peer.node().nodeId(), server.uri());
    }
    List<String> connect = ConnectUris.of(properties.getConnect());
    if (!connect.isEmpty()) {
      Link dialing = peer.connect(connect.stream().map(tls::forDialer).toList());
      link = dialing;
      LOG.info("backchannel node {} keeps a link to {}", peer.node().nodeId(),
          connect.size() == 1 ? connect.getFirst() : "one of " + connect);
      Duration await = properties.getConnect().getAwaitOnStart();
      if (await != null) {
        dialing.awaitConnection(await);
      }
    }
    running = true;
  }

  @Override
  public void stop() {
    leave();
  }

  private void leave() {
    running = false;
    peer.leave(properties.getShutdown().getGrace());
    LOG.info("backchannel node {} left", peer.node().nodeId());
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** The listeners, once started. */
  public List<Server> servers() {
    return List.copyOf(servers);
  }

  /** The link to {@code backchannel.connect.uri} (or {@code uris}), once started; null if none is configured or before start. */
  public @Nullable Link link() {
    return link;
  }

  /** Whether the link's connection is a health requirement. */
  public boolean linkRequired() {
    return properties.getConnect().isRequired();
  }

  public Peer peer() {
    return peer;
  }
}
