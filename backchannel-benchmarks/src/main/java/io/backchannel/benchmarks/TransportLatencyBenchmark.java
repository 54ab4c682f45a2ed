package io.backchannel.benchmarks;

import io.backchannel.core.transport.TransportFactory;
import io.backchannel.core.transport.Transports;
import io.rsocket.Closeable;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketConnector;
import io.rsocket.core.RSocketServer;
import io.rsocket.util.DefaultPayload;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import reactor.core.publisher.Mono;

/**
 * Raw RSocket request-response latency (an echo, both peers in the forked JVM) over each
 * transport, so that shm can be compared with TCP and local from one run. One benchmark thread:
 * a latency, not a throughput. About two minutes with the defaults; see docs/benchmarks.md.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx512m"})
@State(Scope.Benchmark)
public class TransportLatencyBenchmark {

  @Param({"shm-spin", "shm-nospin", "tcp", "local"})
  public String transport;

  @Param({"64", "14024"})
  public int size;

  private Path socketDir;
  private Closeable server;
  private RSocket client;
  private byte[] data;

  @Setup(Level.Trial)
  public void start() throws Exception {
    URI uri = uri();
    TransportFactory factory = Transports.forUri(uri);
    server = RSocketServer.create(SocketAcceptor.forRequestResponse(Mono::just)).bind(factory.server(uri)).block();
    client = RSocketConnector.connectWith(factory.client(factory.boundUri(uri, server))).block();
    data = new byte[size];
  }

  private URI uri() throws Exception {
    // Unix-domain socket paths are limited to ~108 bytes: keep this one short.
    socketDir = Files.createTempDirectory(Path.of("/tmp"), "bcb");
    String sock = socketDir.resolve("b.sock").toString();
    return switch (transport) {
      case "shm-spin" -> URI.create("shm://" + sock + "?spin=20us");
      case "shm-nospin" -> URI.create("shm://" + sock + "?spin=0");
      case "tcp" -> URI.create("tcp://127.0.0.1:0");
      case "local" -> URI.create("local:bench-" + ProcessHandle.current().pid());
      default -> throw new IllegalArgumentException("unknown transport " + transport);
    };
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    client.dispose();
    server.dispose();
    client.onClose().block(Duration.ofSeconds(5));
    server.onClose().block(Duration.ofSeconds(5));
    Files.deleteIfExists(socketDir.resolve("b.sock"));
    Files.delete(socketDir);
  }

  @Benchmark
  public int requestResponse() {
    Payload reply = client.requestResponse(DefaultPayload.create(data)).block();
    int length = reply.data().readableBytes();
    reply.release();
    return length;
  }
}
