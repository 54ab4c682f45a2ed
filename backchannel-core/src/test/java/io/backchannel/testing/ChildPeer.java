package io.backchannel.testing;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link GreeterPeerMain} (or another main class of the tests) in a child JVM, started with this
 * JVM's binary, flags and class path.
 */
public final class ChildPeer implements AutoCloseable {
  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();

  private ChildPeer(String... args) {
    this(GreeterPeerMain.class, args);
  }

  private ChildPeer(Class<?> main, String... args) {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElseThrow(),
        "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED",
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dio.netty.leakDetection.level=PARANOID",
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread.ofVirtual().start(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          output.add(line);
        }
      } catch (IOException e) {
        // the child is gone
      }
    });
  }

  /** A child that keeps a link to {@code uri} as node {@code nodeId}; returns once connected. */
  public static ChildPeer dialing(String uri, String nodeId) {
    ChildPeer child = new ChildPeer("dial", uri, nodeId);
    child.awaitReady();
    return child;
  }

  /** A child that runs {@code main} with {@code args}. */
  public static ChildPeer running(Class<?> main, String... args) {
    return new ChildPeer(main, args);
  }

  /** A child listening on {@code uri}; {@link #awaitReady()} gives the bound URI. */
  public static ChildPeer listening(String uri, String nodeId) {
    return new ChildPeer("listen", uri, nodeId);
  }

  /** The text after {@code READY } once the child prints it. */
  public String awaitReady() {
    await().atMost(Duration.ofSeconds(60))
        .failFast("child exited: " + output, () -> !process.isAlive())
        .until(() -> output.stream().anyMatch(line -> line.startsWith("READY ")));
    return output.stream().filter(line -> line.startsWith("READY ")).findFirst().orElseThrow().substring(6);
  }

  /** Writes {@code line} to the child's standard input. */
  public void send(String line) {
    try {
      process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asks the child to leave gracefully; it prints {@code LEFT} once its connections closed. */
  public void leave() {
    send("leave");
  }

  /** Waits until the child printed {@code line}. */
  public void awaitLine(String line) {
    await().atMost(Duration.ofSeconds(60))
        .failFast("child exited: " + output, () -> !process.isAlive() && !output.contains(line))
        .until(() -> output.contains(line));
  }

  public long pid() {
    return process.pid();
  }

  /** Everything the child printed so far. */
  public List<String> output() {
    return List.copyOf(output);
  }

  /** Kills the child at once, as {@code kill -9} would. */
  public void kill() {
    process.destroyForcibly();
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
