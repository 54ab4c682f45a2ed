package io.backchannel.cli.node;

import io.backchannel.core.Peer;
import io.backchannel.core.node.Connection;
import io.backchannel.core.node.Link;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A running sidecar: a peer that dials the console, opens no port, exports {@link SidecarApi} and
 * has registered with the console. Given one console it holds the one connection it dialed; given
 * the consoles of a cluster it keeps a link to one of them ({@code Peer.connect(List)}), moving to
 * another whenever its connection drops. Thread-safe.
 */
public final class SidecarNode implements AutoCloseable {
  /** How long a sidecar given several consoles waits for its first connection. */
  private static final Duration FIRST_CONNECTION = Duration.ofSeconds(30);

  private final Peer peer;
  private final Connection first;
  private final @Nullable Link link;
  private final String job;

  private SidecarNode(Peer peer, Connection first, @Nullable Link link, String job) {
    this.peer = peer;
    this.first = first;
    this.link = link;
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
    return dial(nodeId, List.of(consoleUri), token);
  }

  /**
   * Dials {@code consoleUris}' only console, or keeps a link to one of several; registers with the
   * first console reached and fetches this sidecar's job; returns once all of that is done.
   *
   * @param token the bearer token the consoles' authenticator accepts for {@code nodeId}
   * @throws io.backchannel.BackchannelException if no console can be reached or one refuses
   * @throws IllegalArgumentException if {@code consoleUris} is empty
   */
  public static SidecarNode dial(String nodeId, List<String> consoleUris, String token) {
    if (consoleUris.isEmpty()) {
      throw new IllegalArgumentException("a sidecar needs at least one console URI");
    }
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
      Link link = consoleUris.size() == 1 ? null : peer.connect(consoleUris);
      Connection first = link == null ? peer.dial(consoleUris.getFirst()) : link.awaitConnection(FIRST_CONNECTION);
      // Over a link, calls follow it to whichever console it reaches next.
      ConsoleApi api = link == null ? first.proxy(ConsoleApi.class) : link.proxy(ConsoleApi.class);
      api.register(new Registration(nodeId, pid, java));
      String job = api.config(nodeId);
      service.attach(api, job);
      return new SidecarNode(peer, first, link, job);
    } catch (RuntimeException e) {
      peer.close();
      throw e;
    }
  }

  /** The first connection this sidecar made; both sides call each other over it. */
  public Connection console() {
    return first;
  }

  /**
   * Completes when this sidecar has lost its console for good: the one console it dialed closed
   * the connection. Never completes for a sidecar given several consoles, which moves to another.
   */
  public CompletableFuture<Void> consoleGone() {
    return link == null ? first.onClose() : new CompletableFuture<>();
  }

  /** The job the console assigned at registration. */
  public String job() {
    return job;
  }

  @Override
  public void close() {
    if (link != null) {
      link.close();
    }
    peer.close();
  }
}
