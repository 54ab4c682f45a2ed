package io.backchannel.benchmarks.stack;

import io.backchannel.benchmarks.kafka.KafkaBroker;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Where a benchmark server listens, by transport name, and what that needs: a Unix-socket
 * directory for shm, a broker for Kafka. {@link #close()} removes them.
 */
public final class Endpoint implements AutoCloseable {
  private final String transport;
  private final URI uri;
  private final @Nullable Path socketDir;
  private final @Nullable KafkaBroker broker;

  private Endpoint(String transport, URI uri, @Nullable Path socketDir, @Nullable KafkaBroker broker) {
    this.transport = transport;
    this.uri = uri;
    this.socketDir = socketDir;
    this.broker = broker;
  }

  /** {@code tcp}, {@code ws}, {@code local}, {@code shm} (default spin budget) or {@code kafka} (starts a broker). */
  public static Endpoint open(String transport) throws IOException {
    return switch (transport) {
      case "tcp" -> new Endpoint(transport, URI.create("tcp://127.0.0.1:0"), null, null);
      case "ws" -> new Endpoint(transport, URI.create("ws://127.0.0.1:0/rpc"), null, null);
      case "local" -> new Endpoint(transport, URI.create("local:bench-" + UUID.randomUUID()), null, null);
      case "shm" -> {
        // Unix-domain socket paths are limited to ~108 bytes: keep this one short.
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "bcb");
        yield new Endpoint(transport, URI.create("shm://" + dir.resolve("b.sock")), dir, null);
      }
      case "kafka" -> {
        KafkaBroker broker = KafkaBroker.start();
        yield new Endpoint(transport, URI.create("kafka://127.0.0.1:" + broker.port() + "/bench?sweepInterval=0"), null, broker);
      }
      default -> throw new IllegalArgumentException("unknown transport " + transport + "; expected tcp, ws, local, shm or kafka");
    };
  }

  /** The URI to listen on (port 0 where there is a port). */
  public URI uri() {
    return uri;
  }

  public String transport() {
    return transport;
  }

  @Override
  public void close() {
    if (broker != null) {
      broker.close();
    }
    if (socketDir != null) {
      try {
        Files.deleteIfExists(socketDir.resolve("b.sock"));
        Files.deleteIfExists(socketDir);
      } catch (IOException e) {
        // A leftover temp directory is harmless.
      }
    }
  }
}
