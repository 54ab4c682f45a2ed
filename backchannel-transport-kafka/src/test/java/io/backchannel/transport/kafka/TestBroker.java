package io.backchannel.transport.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jspecify.annotations.Nullable;

/**
 * The only place tests start and stop Kafka: a KRaft broker in a child JVM ({@link BrokerMain}) on
 * loopback, fixed ports and a temporary directory, so a test can kill it and start it again with
 * its data. {@link #shared()} is started once per test JVM and stopped at exit; a test that kills
 * its broker starts its own with {@link #start()}; {@link #builder()} also starts one that demands
 * SASL logins and enforces ACLs ({@link BrokerSasl}). Thread-safe. Public for the tests of other
 * Kafka modules (this module's test-jar), which start brokers only through it too.
 */
public final class TestBroker implements AutoCloseable {
  private static final Object LOCK = new Object();
  private static TestBroker shared; // guarded by LOCK

  private final Path dir;
  private final int port;
  private final int controllerPort;
  private final @Nullable BrokerSasl sasl;
  private Process process; // guarded by this

  private TestBroker(Path dir, int port, int controllerPort, @Nullable BrokerSasl sasl) {
    this.dir = dir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.sasl = sasl;
  }

  /** The broker all test classes share; started on first use. */
  public static TestBroker shared() {
    synchronized (LOCK) {
      if (shared == null) {
        shared = start();
        TestBroker broker = shared;
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
      }
      return shared;
    }
  }

  /** A new plaintext broker of the caller's own, without ACLs; close it. */
  public static TestBroker start() {
    return builder().start();
  }

  static Builder builder() {
    return new Builder();
  }

  /** Starts a broker of the caller's own. */
  static final class Builder {
    private @Nullable BrokerSasl sasl;

    Builder() {}

    /** Clients must log in as one of {@code sasl}'s users, and get only what ACLs grant them. */
    Builder sasl(BrokerSasl sasl) {
      this.sasl = sasl;
      return this;
    }

    /** Returns once the broker serves clients; close it. */
    TestBroker start() {
      try {
        TestBroker broker = new TestBroker(Files.createTempDirectory("backchannel-kafka-"), freePort(), freePort(), sasl);
        broker.startProcess();
        return broker;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Kafka client properties that reach this broker, logged in as {@code user} if it demands SASL. */
  Map<String, Object> client(String user) {
    Map<String, Object> client = new HashMap<>(sasl == null ? Map.of() : sasl.client(user));
    client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return client;
  }

  /** The {@code kafka.*} URI parameters that log in as {@code user}; empty on a plaintext broker. */
  String login(String user) {
    return sasl == null ? "" : sasl.uriQuery(user);
  }

  /** {@code kafka://<this broker>/<topic>?<query>}; pass an empty query for none. */
  URI uri(String topic, String query) {
    return URI.create("kafka://" + bootstrapServers() + "/" + topic + (query.isEmpty() ? "" : "?" + query));
  }

  /** A topic name no other test uses. */
  public static String freshTopic(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** An admin client; a super user on a broker that enforces ACLs. */
  public Admin admin() {
    return Admin.create(client(BrokerSasl.ADMIN));
  }

  /** Kills the broker as a crash would (no clean shutdown) and waits until it is gone. */
  public synchronized void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the killed broker again on the same ports and data; returns once it serves clients. */
  public synchronized void restart() {
    startProcess();
  }

  @Override
  public synchronized void close() {
    if (process != null && process.isAlive()) {
      kill();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; nothing else to do
    }
  }

  private synchronized void startProcess() {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElseThrow(),
        "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"),
        BrokerMain.class.getName(), dir.toString(), Integer.toString(port), Integer.toString(controllerPort)));
    if (sasl != null) {
      command.add(securityFile(sasl).toString());
    }
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Process started = process;
    Thread.ofPlatform().daemon().name("test-broker-output").start(() -> copyOutput(started, ready));
    try {
      ready.get(90, TimeUnit.SECONDS);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      started.destroyForcibly();
      throw new IllegalStateException("test broker did not start; see " + dir.resolve("broker.log"), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The broker's SASL and ACL settings, in its own directory (created owner-only, as temporary directories are). */
  private Path securityFile(BrokerSasl sasl) {
    Properties properties = new Properties();
    properties.putAll(sasl.brokerProperties());
    Path file = dir.resolve("security.properties");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      properties.store(out, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private void copyOutput(Process p, CompletableFuture<Void> ready) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(dir.resolve("broker.log"),
            StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true)) {
      String line;
      while ((line = in.readLine()) != null) {
        log.println(line);
        if (line.contains(BrokerMain.READY)) {
          ready.complete(null);
        }
      }
    } catch (IOException e) {
      // the broker died; a waiting start reports it below
    }
    ready.completeExceptionally(new IllegalStateException("the broker's output ended"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
