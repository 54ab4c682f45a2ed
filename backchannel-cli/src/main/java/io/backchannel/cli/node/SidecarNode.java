package io.backchannel.cli.node;

import io.backchannel.core.node.Connection;
import io.backchannel.core.Peer;
import java.time.Duration;

/**
 * A running sidecar: a peer that dials the console, opens no port, exports {@link SidecarApi} and
 * has registered with the console. Thread-safe.
 */
public final class SidecarNode implements AutoCloseable {
  private final Peer peer;
  private final Connection console;
  private final String job;

  private SidecarNode(Peer peer, Connection console, String job) {
    this.peer = peer;
    this.console = console;
    this.job = job;
  }

  /**
   * Dials the console at {@code consoleUri}, registers and fetches this sidecar's job; returns once
   * all of that is done.
   *
   * @param token the bearer token the console's authenticator accepts for {@code nodeId}
   * @throws io.backchannel.BackchannelException if the console cannot be reached or refuses
   */
  public static SidecarNode dial(String nodeId, String consoleUri, String token) {
    long pid = ProcessHandle.current().pid();
    String java = Runtime.version().toString();
    SidecarService service = new SidecarService(nodeId);
    Peer peer = Peer.builder()
        .nodeId(nodeId)
        .role("sidecar")
        .hub(ConsoleNode.NODE_ID)
        .credential(token)
        .tag("pid", Long.toString(pid))
        .tag("java", java)
        .slowCallThreshold(Nodes.SLOW_CALL)
        .loadReportInterval(Duration.ofMillis(100))
        .loadGauge(service::load)
        .export(SidecarApi.class, service)
        .build();
    service.attachPeer(peer);
    try {
      Connection console = peer.dial(consoleUri);
      ConsoleApi api = console.proxy(ConsoleApi.class);
      api.register(new Registration(nodeId, pid, java));
      String job = api.config(nodeId);
      service.attach(api, job);
      return new SidecarNode(peer, console, job);
    } catch (RuntimeException e) {
      peer.close();
      throw e;
    }
  }

  /** The connection this sidecar dialed; both sides call each other over it. */
  public Connection console() {
    return console;
  }

  /** The job the console assigned at registration. */
  public String job() {
    return job;
  }

  @Override
  public void close() {
    peer.close();
  }
}
