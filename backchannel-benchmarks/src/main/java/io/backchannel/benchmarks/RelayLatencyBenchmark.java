package io.backchannel.benchmarks;

import io.backchannel.core.node.Target;
import io.backchannel.benchmarks.stack.BenchEcho;
import io.backchannel.benchmarks.stack.BenchEchoImpl;
import io.backchannel.benchmarks.stack.Endpoint;
import io.backchannel.core.Peer;
import io.backchannel.core.auth.Authenticator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hub's relay path against a direct call, one call in flight, through the synchronous proxy:
 * three peers in the forked JVM, a console that listens and is the sidecars' hub, and two sidecars
 * that dial it ({@code PeerBuilder.hub("console")}), both exporting {@link BenchEcho}. {@code
 * direct} calls the console from sidecar {@code a} (one hop); {@code relay} calls sidecar {@code b}
 * from sidecar {@code a} by node id ({@code Target.node("b")}), which has no connection to it, so
 * the console relays the call (sidecar → console → sidecar). Both paths run with the same three
 * peers connected.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx1g"})
@State(Scope.Benchmark)
public class RelayLatencyBenchmark {
  static final String CONSOLE = "console";
  static final String SIDECAR_A = "sidecar-a";
  static final String SIDECAR_B = "sidecar-b";
  private static final Duration CONNECTED = Duration.ofSeconds(30);

  /** {@code direct}: sidecar to console; {@code relay}: sidecar to sidecar through the console. */
  @Param({"direct", "relay"})
  public String path;

  @Param({"tcp"})
  public String transport;

  @Param({"64"})
  public int size;

  private final List<Peer> peers = new ArrayList<>();
  private Endpoint endpoint;
  private BenchEcho echo;
  private byte[] data;

  @Setup(Level.Trial)
  public void start() throws Exception {
    endpoint = Endpoint.open(transport);
    try {
      Peer console = peer(Peer.builder().nodeId(CONSOLE).authenticator(Authenticator.insecureAllowAll())
          .export(BenchEcho.class, new BenchEchoImpl()).build());
      String uri = console.listen(endpoint.uri().toString()).uri().toString();
      Peer a = peer(Peer.builder().nodeId(SIDECAR_A).hub(CONSOLE).export(BenchEcho.class, new BenchEchoImpl()).build());
      Peer b = peer(Peer.builder().nodeId(SIDECAR_B).hub(CONSOLE).export(BenchEcho.class, new BenchEchoImpl()).build());
      a.dial(uri);
      b.dial(uri);
      awaitConnected(console, SIDECAR_A);
      awaitConnected(console, SIDECAR_B);
      if (a.connection(SIDECAR_B).isPresent()) {
        throw new IllegalStateException("sidecar a has a connection of its own to b: the call would not be relayed");
      }
      echo = a.proxy(BenchEcho.class, Target.node(path.equals("relay") ? SIDECAR_B : CONSOLE));
      data = new byte[size];
      if (echo.echo(data).length != size) {
        throw new IllegalStateException(path + " over " + transport + " did not echo " + size + " bytes");
      }
    } catch (Exception | Error e) {
      stop();
      throw e;
    }
  }

  private Peer peer(Peer peer) {
    peers.add(peer);
    return peer;
  }

  private static void awaitConnected(Peer console, String nodeId) throws InterruptedException {
    Instant deadline = Instant.now().plus(CONNECTED);
    while (console.connection(nodeId).isEmpty()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(nodeId + " did not connect to the console within " + CONNECTED);
      }
      Thread.sleep(10);
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    for (Peer peer : peers.reversed()) {
      peer.close();
    }
    peers.clear();
    if (endpoint != null) {
      endpoint.close();
    }
  }

  @Benchmark
  public byte[] requestResponse() {
    return echo.echo(data);
  }
}
