package io.backchannel.benchmarks.kafka;

import io.backchannel.core.transport.TransportFactory;
import io.backchannel.core.transport.Transports;
import io.rsocket.Closeable;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketConnector;
import io.rsocket.core.RSocketServer;
import io.rsocket.util.DefaultPayload;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
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
 * Request-response latency of raw RSocket over the Kafka transport ({@code kafka://}): one caller,
 * one request in flight, an echo server, and a single-node KRaft broker started in the forked
 * JVM's {@code @Setup} on loopback. Each call is two broker hops: the session's client-to-server
 * topic, then its server-to-client topic.
 * About 55 s per payload size, two minutes in all. Run with {@code java -jar
 * target/benchmarks.jar KafkaRequestResponse}; see docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 5)
@Measurement(iterations = 4, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"})
public class KafkaRequestResponseBenchmark {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Param({"64", "14024"})
  int size;

  private Path dir;
  private KafkaRaftServer broker;
  private Closeable server;
  private RSocket client;
  private byte[] data;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("backchannel-kafka-bench-");
    int port = freePort();
    broker = startBroker(dir, port, freePort());
    URI uri = URI.create("kafka://127.0.0.1:" + port + "/bench?sweepInterval=0");
    TransportFactory kafka = Transports.forUri(uri);
    int mtu = kafka.maxFrameSize(uri);
    server = RSocketServer.create(SocketAcceptor.forRequestResponse(Mono::just))
        .fragment(mtu)
        .bind(kafka.server(uri))
        .block(TIMEOUT);
    client = RSocketConnector.create().fragment(mtu).connect(kafka.client(uri)).block(TIMEOUT);
    data = new byte[size];
    ThreadLocalRandom.current().nextBytes(data);
  }

  @Benchmark
  public Payload requestResponse() {
    return client.requestResponse(DefaultPayload.create(data)).block(TIMEOUT);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    client.dispose();
    client.onClose().onErrorComplete().block(TIMEOUT);
    server.dispose();
    server.onClose().block(TIMEOUT);
    broker.shutdown();
    broker.awaitShutdown();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** One KRaft node (broker and controller) on loopback, with small thread pools for two cores. */
  private static KafkaRaftServer startBroker(Path dir, int port, int controllerPort) throws IOException {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dir.resolve("logs").toString());
    p.put("auto.create.topics.enable", "false");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    Path file = dir.resolve("server.properties");
    try (Writer out = Files.newBufferedWriter(file)) {
      p.store(out, null);
    }
    int rc = StorageTool.execute(
        new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", file.toString()},
        new PrintStream(PrintStream.nullOutputStream()));
    if (rc != 0) {
      throw new IllegalStateException("formatting " + dir + " failed: " + rc);
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
    server.startup();
    return server;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
