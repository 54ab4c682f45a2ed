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
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
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

  private KafkaBroker broker;
  private Closeable server;
  private RSocket client;
  private byte[] data;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    broker = KafkaBroker.start();
    URI uri = URI.create("kafka://127.0.0.1:" + broker.port() + "/bench?sweepInterval=0");
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
  public void tearDown() {
    client.dispose();
    client.onClose().onErrorComplete().block(TIMEOUT);
    server.dispose();
    server.onClose().block(TIMEOUT);
    broker.close();
  }
}
