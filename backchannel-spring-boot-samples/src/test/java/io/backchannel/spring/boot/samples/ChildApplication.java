package io.backchannel.spring.boot.samples;

import org.awaitility.Awaitility;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A sample Spring Boot application in a child JVM started with this JVM's binary and class path. */
final class ChildApplication implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(90);

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private volatile boolean outputEnded;

  ChildApplication(Class<?> main, Map<String, String> environment, String... args) {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElseThrow(),
        "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED",
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Dio.netty.leakDetection.level=PARANOID",
        "-cp", System.getProperty("java.class.path"), main.getName(), "--spring.main.banner-mode=off"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread.ofVirtual().start(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          output.add(line);
          System.out.println("[" + main.getSimpleName() + "] " + line); // into the test's report
        }
      } catch (IOException e) {
        // the child is gone
      }
      outputEnded = true;
    });
  }

  /** The first group of {@code pattern} (or the line) in the first line that matches, once one does. */
  String awaitLine(Pattern pattern) {
    Awaitility.await().atMost(WAIT).failFast(() -> {
      if (outputEnded && find(pattern).isEmpty()) {
        throw new AssertionError("exited with " + process.exitValue() + ":\n" + String.join("\n", output));
      }
    }).until(() -> find(pattern).isPresent());
    return find(pattern).orElseThrow();
  }

  private Optional<String> find(Pattern pattern) {
    for (String line : output) {
      Matcher matcher = pattern.matcher(line);
      if (matcher.find()) {
        return Optional.of(matcher.groupCount() > 0 ? matcher.group(1) : line);
      }
    }
    return Optional.empty();
  }

  /** Stops the application as {@code kill} (SIGTERM) does, and waits for it to exit. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("did not exit on SIGTERM: " + String.join("\n", output));
    }
    return process.exitValue();
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
