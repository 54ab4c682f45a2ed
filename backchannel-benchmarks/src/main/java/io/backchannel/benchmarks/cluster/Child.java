package io.backchannel.benchmarks.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM of {@link ClusterBench} spoken to one line at a time: {@link #send} a command,
 * {@link #reply} reads its {@code ok …} answer (sends to several children first, then reads
 * their replies, to run them in parallel). Its stderr goes to a log file. Not thread-safe.
 */
final class Child implements AutoCloseable {
  private final String name;
  private final Process process;
  private final PrintWriter in;
  private final BufferedReader out;

  private Child(String name, Process process) {
    this.name = name;
    this.process = process;
    this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Starts {@code mainClass} on this JVM's java and class path with a heap cap of {@code heap}. */
  static Child start(String name, String heap, Path log, Class<?> mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx" + heap,
        "-cp", System.getProperty("java.class.path"), mainClass.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    return new Child(name, process);
  }

  void send(String command) {
    in.println(command);
  }

  /** The next line, which must start with {@code prefix}; the words after it. */
  String[] reply(String prefix) throws IOException {
    String line = out.readLine();
    if (line == null || !line.startsWith(prefix + " ")) {
      throw new IllegalStateException(name + " answered " + line + " (its log has the rest)");
    }
    return line.substring(prefix.length() + 1).split(" ");
  }

  String[] ask(String command) throws IOException {
    send(command);
    return reply("ok");
  }

  /** Kills it as a crash would. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    in.close();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      kill();
    }
  }
}
