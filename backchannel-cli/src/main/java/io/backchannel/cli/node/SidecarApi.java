package io.backchannel.cli.node;

import io.backchannel.RemoteService;
import reactor.core.publisher.Flux;

/** What the console calls on a sidecar, by node id, over the connection the sidecar dialed. */
@RemoteService("Sidecar")
public interface SidecarApi {
  /** A one-line summary: node id, pid, job, calls served. */
  String status();

  /** The last {@code lines} lines of the sidecar's job log, streamed (request-stream). */
  Flux<String> tail(int lines);

  /** Each record upper-cased and signed by the sidecar, streamed back as they arrive (request-channel). */
  Flux<String> transform(Flux<String> records);

  /** Asks the console for this sidecar's config again, over the connection the sidecar dialed. */
  String refreshConfig();

  /**
   * Restarts one component of the job.
   *
   * @throws SidecarException always in the demo: no component is restartable
   */
  String restart(String component) throws SidecarException;

  /** Blocks up to {@code millis}; returns early only when interrupted, as a cancelled call's handler is. */
  String slow(long millis);

  /** How the {@link #slow} handler of call {@code requestId} ended; waits for it within this call's deadline. */
  String slowOutcome(String requestId);

  /** This sidecar asks node {@code nodeId} for its status, through the console (which enforces tenants). */
  String ask(String nodeId);

  /** Sets the application load figure this sidecar reports, which least-loaded routing weighs. */
  void reportLoad(double load);

  /** Works for {@code millis}, then names the node that did the work. */
  String work(long millis);

  /** How many {@link #slow} handlers are running right now. */
  int busy();
}
