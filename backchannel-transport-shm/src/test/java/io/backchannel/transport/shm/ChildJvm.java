package io.backchannel.transport.shm;

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

/** A {@link PeerProcess} in a child JVM started with this JVM's binary and class path. */
final class ChildJvm implements AutoCloseable {
  final Process process;
  final List<String> output = new CopyOnWriteArrayList<>();

  ChildJvm(boolean nativeAccess, String role, String uri) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.add("--sun-misc-unsafe-memory-access=allow");
    if (nativeAccess) {
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    command.addAll(List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), PeerProcess.class.getName(), role, uri));
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread.ofVirtual().start(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          output.add(line);
        }
      } catch (IOException e) {
        // The child is gone.
      }
    });
  }

  /** The text after {@code READY } once the child prints it. */
  String awaitReady() {
    await().atMost(Duration.ofSeconds(30))
        .failFast("child exited: " + output, () -> !process.isAlive())
        .until(() -> output.stream().anyMatch(l -> l.startsWith("READY ")));
    return output.stream().filter(l -> l.startsWith("READY ")).findFirst().orElseThrow().substring(6);
  }

  void kill9() {
    process.destroyForcibly();
  }

  @Override
  public void close() {
    process.destroyForcibly();
    process.onExit().join();
  }
}
