package io.backchannel.benchmarks.cluster;

import io.backchannel.benchmarks.scale.SessionDialer;
import io.rsocket.RSocket;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Many sidecar sessions of {@link ClusterBench} in one JVM: the lightweight sessions of {@link
 * SessionDialer} (plain rsocket-java, SETUP with a hello), each with the failover of {@code
 * Peer.connect(List)}: when its connection closes it dials the next console of the list, after
 * the same 100–200 ms jittered delay, and moves on again after a failed dial with a growing
 * backoff (capped at 2 s). Commands on stdin, one reply line each on stdout:
 * {@code add <console index> <count> <id prefix>} ({@code ok <open> <failed>}), {@code probe
 * <console index> <id>} (one session; {@code ok <nanoTime before the dial>}), {@code close <id>}
 * ({@code ok <nanoTime before the close>}), {@code count} ({@code ok <open> <redials>}).
 * Arguments: the console URIs.
 */
public final class SidecarFleet {
  private static final int PARALLEL_DIALS = 64;

  private final List<URI> consoles;
  private final Map<String, Sidecar> sidecars = new ConcurrentHashMap<>();
  private final AtomicInteger redials = new AtomicInteger();
  private volatile boolean closing;

  private SidecarFleet(List<URI> consoles) {
    this.consoles = consoles;
  }

  public static void main(String[] args) throws Exception {
    SidecarFleet fleet = new SidecarFleet(java.util.Arrays.stream(args).map(URI::create).toList());
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] words = line.strip().split(" ");
      String reply;
      try {
        reply = "ok " + fleet.answer(words);
      } catch (RuntimeException e) {
        reply = "err " + e.toString().replace('\n', ' ');
      }
      System.out.println(reply);
      System.out.flush();
    }
    fleet.closing = true;
    fleet.sidecars.values().forEach(Sidecar::close);
  }

  private String answer(String[] words) {
    return switch (words[0]) {
      case "add" -> add(Integer.parseInt(words[1]), Integer.parseInt(words[2]), words[3]);
      case "probe" -> {
        long start = System.nanoTime();
        Sidecar sidecar = new Sidecar(words[2], Integer.parseInt(words[1]));
        sidecar.dial().block(Duration.ofSeconds(30));
        sidecars.put(sidecar.nodeId, sidecar);
        yield Long.toString(start);
      }
      case "close" -> {
        Sidecar sidecar = sidecars.remove(words[1]);
        long start = System.nanoTime();
        sidecar.close();
        yield Long.toString(start);
      }
      case "count" -> open() + " " + redials.get();
      default -> throw new IllegalArgumentException("unknown command " + words[0]);
    };
  }

  private String add(int console, int count, String prefix) {
    int before = open();
    List<Sidecar> opened = Flux.range(0, count)
        .map(n -> new Sidecar(prefix + "-" + n, console))
        .flatMap(sidecar -> sidecar.dial().thenReturn(sidecar).onErrorResume(e -> Mono.empty()), PARALLEL_DIALS)
        .collectList()
        .block(Duration.ofMinutes(10));
    opened.forEach(sidecar -> sidecars.put(sidecar.nodeId, sidecar));
    return (open() - before) + " " + (count - opened.size());
  }

  private int open() {
    int open = 0;
    for (Sidecar sidecar : sidecars.values()) {
      open += sidecar.isOpen() ? 1 : 0;
    }
    return open;
  }

  /** One node's session, redialed at the next console whenever it closes. */
  private final class Sidecar {
    private final String nodeId;
    private volatile int console;
    private volatile RSocket session;
    private volatile boolean closed;

    Sidecar(String nodeId, int console) {
      this.nodeId = nodeId;
      this.console = console;
    }

    /** Dials the current console once; on success, redials when the session closes. */
    Mono<RSocket> dial() {
      // Probes carry a tag, so that consoles watch for them without listing every node.
      String tags = nodeId.startsWith("probe-") ? "\"probe\":\"" + nodeId + "\"" : "";
      return SessionDialer.dial(consoles.get(console), nodeId, tags).doOnNext(rsocket -> {
        session = rsocket;
        rsocket.onClose().subscribe(null, e -> failover(), this::failover);
      });
    }

    private void failover() {
      if (closed || closing) {
        return;
      }
      redials.incrementAndGet();
      console = (console + 1) % consoles.size();
      redial(0);
    }

    private void redial(int failures) {
      long base = Math.min(2_000, 200L << Math.min(failures, 4));
      long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
      Mono.delay(Duration.ofMillis(delay)).then(Mono.defer(this::dial)).subscribe(null, e -> {
        if (!closed && !closing) {
          console = (console + 1) % consoles.size();
          redial(failures + 1);
        }
      });
    }

    boolean isOpen() {
      RSocket current = session;
      return current != null && !current.isDisposed();
    }

    void close() {
      closed = true;
      RSocket current = session;
      if (current != null) {
        current.dispose();
      }
    }
  }
}
