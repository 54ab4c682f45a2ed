package io.backchannel.cli.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A child JVM of the demo. Its stdout is queued and printed, prefixed, only when the demo asks
 * ({@link #awaitReady}, {@link #stop}, {@link #close}), so child lines never interleave with the
 * narrative; its stderr is passed on at once. Closing its stdin asks it to exit. Not thread-safe:
 * one thread drives it.
 */
final class ChildProcess implements AutoCloseable {
  /** The line a child prints once it is serving: {@code READY <detail>}. */
  static final String READY = "READY ";

  /** A line of stdout, or the end of it. */
  private record Output(String text, boolean end) {}

  private static final Output END = new Output("", true);

  private final String name;
  private final Process process;
  private final Narrator narrator;
  private final BlockingQueue<Output> stdout = new LinkedBlockingQueue<>();
  private final Thread stderrPump;
  private boolean ended;

  private ChildProcess(String name, Process process, Narrator narrator) {
    this.name = name;
    this.process = process;
    this.narrator = narrator;
    pump(name + "-stdout", process.inputReader(), line -> stdout.add(new Output(line, false)), () -> stdout.add(END));
    this.stderrPump = pump(name + "-stderr", process.errorReader(), line -> narrator.childError(name, line), () -> {});
  }

  /** Starts {@code command} with {@code environment} added; {@code name} prefixes its output. */
  static ChildProcess start(String name, List<String> command, java.util.Map<String, String> environment, Narrator narrator) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(environment);
      return new ChildProcess(name, builder.start(), narrator);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  /**
   * Prints the child's output until it prints its READY line, and returns what follows {@code
   * READY }.
   *
   * @throws TimeoutException if it is not ready within {@code timeout}
   * @throws IllegalStateException if it exits first
   */
  String awaitReady(Duration timeout) throws InterruptedException, TimeoutException {
    return awaitLine(READY, timeout);
  }

  /**
   * Prints the child's output until it prints a line starting with {@code prefix}, and returns
   * the rest of that line; for children that answer commands ({@link #send}).
   *
   * @throws TimeoutException if no such line comes within {@code timeout}
   * @throws IllegalStateException if the child's output ends first
   */
  String awaitLine(String prefix, Duration timeout) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Output output = stdout.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (output == null) {
        throw new TimeoutException(name + " did not print " + prefix.strip() + " within " + timeout.toMillis() + " ms");
      }
      if (output.end()) {
        ended = true;
        throw new IllegalStateException(name + " exited before it printed " + prefix.strip() + exitDescription());
      }
      if (output.text().startsWith(prefix)) {
        return output.text().substring(prefix.length());
      }
      narrator.child(name, output.text());
    }
  }

  /** Writes {@code line} to the child's stdin: a command, for children that read them. */
  void send(String line) {
    try {
      var in = process.getOutputStream();
      in.write((line + System.lineSeparator()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Closes the child's stdin, which asks it to exit, waits for it to exit and prints its last
   * output.
   *
   * @return its exit code
   * @throws TimeoutException if it did not exit within {@code timeout}; it is then killed
   */
  int stop(Duration timeout) throws InterruptedException, TimeoutException {
    closeStdin();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new TimeoutException(name + " did not exit within " + timeout.toMillis() + " ms of its stdin closing; killed it");
    }
    printRest(timeout);
    return process.exitValue();
  }

  /**
   * Sends the child SIGTERM, for children that run until killed, and waits for it to exit.
   *
   * @return its exit code
   * @throws TimeoutException if it did not exit within {@code timeout}; it is then killed
   */
  int terminate(Duration timeout) throws InterruptedException, TimeoutException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new TimeoutException(name + " did not exit within " + timeout.toMillis() + " ms of SIGTERM; killed it");
    }
    printRest(timeout);
    return process.exitValue();
  }

  /** Ends the child if it still runs: politely, then by force. Prints what it had left to say. */

  /** Kills the process at once (SIGKILL), as a crash would. */
  void kill() {
    process.destroyForcibly();
  }

  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        closeStdin();
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
          process.destroy();
          if (!process.waitFor(2, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
          }
        }
      }
      printRest(Duration.ofSeconds(1));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Prints the output of a child that has exited, waiting up to {@code timeout} for the pipes to drain. */
  private void printRest(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ended) {
      Output output = stdout.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (output == null) {
        break;
      }
      if (output.end()) {
        ended = true;
      } else {
        narrator.child(name, output.text());
      }
    }
    stderrPump.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
  }

  private void closeStdin() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // The child has already gone; nothing to ask it.
    }
  }

  private String exitDescription() {
    try {
      return process.waitFor(1, TimeUnit.SECONDS) ? " (exit code " + process.exitValue() + ")" : "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static Thread pump(String name, BufferedReader reader, Consumer<String> onLine, Runnable onEnd) {
    return Thread.ofPlatform().name(name).daemon().start(() -> {
      try (reader) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          onLine.accept(line);
        }
      } catch (IOException e) {
        // The pipe broke because the child died; its exit code tells the story.
      } finally {
        onEnd.run();
      }
    });
  }
}
