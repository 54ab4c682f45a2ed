package io.backchannel.cli.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One run of the unpacked {@code bin/backchannel}, through {@code /bin/sh} as a user's shell would,
 * with exactly the environment a test gives it. Its stdout lines are queued for {@link #awaitLine};
 * its stderr is collected. Closing kills what is still running.
 */
final class Launched implements AutoCloseable {
  private record Line(String text, boolean end) {}

  private static final Line END = new Line("", true);

  private final Process process;
  /** Bounded: a full queue stalls the pump, and so the child, until the test reads. */
  private final BlockingQueue<Line> stdout = new LinkedBlockingQueue<>(10_000);
  private final StringBuffer stdoutSeen = new StringBuffer();
  private final StringBuffer stderr = new StringBuffer();
  private final Thread stdoutPump;
  private final Thread stderrPump;

  private Launched(Process process) {
    this.process = process;
    this.stdoutPump = pump(process.inputReader(), line -> {
      stdoutSeen.append(line).append('\n');
      stdout.put(new Line(line, false));
    }, () -> stdout.put(END));
    this.stderrPump = pump(process.errorReader(), line -> stderr.append(line).append('\n'), () -> {});
  }

  /** Runs {@code <home>/bin/backchannel <args>} with {@code environment} as its whole environment. */
  static Launched start(Path home, Map<String, String> environment, String... args) {
    List<String> command = new ArrayList<>(List.of("/bin/sh", home.resolve("bin/backchannel").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(environment);
    try {
      Launched launched = new Launched(builder.start());
      launched.process.getOutputStream().close();
      return launched;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** Waits for a stdout line that starts with {@code prefix} and returns it; fails if the process ends first. */
  String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Line line = stdout.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("no line starting with '" + prefix + "' within " + timeout + describe());
      }
      if (line.end()) {
        throw new AssertionError("it exited before printing a line starting with '" + prefix + "'" + describe());
      }
      if (line.text().startsWith(prefix)) {
        return line.text();
      }
    }
  }

  /** Waits for the process to exit and for its output to be read; returns the exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("it did not exit within " + timeout + describe());
    }
    stdoutPump.join(timeout);
    stderrPump.join(timeout);
    return process.exitValue();
  }

  /** Sends SIGTERM (the launcher exec'd java, so the JVM itself gets it) and waits for the exit. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return awaitExit(timeout);
  }

  /** The executable the process runs now, as the OS reports it. */
  String command() {
    return process.info().command().orElseThrow(() -> new AssertionError("the OS does not say what process " + process.pid() + " runs"));
  }

  String stdout() {
    return stdoutSeen.toString();
  }

  String stderr() {
    return stderr.toString();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private String describe() {
    return "\nstdout:\n" + stdoutSeen + "stderr:\n" + stderr;
  }

  private interface LineSink {
    void accept(String line) throws InterruptedException;
  }

  private interface EndSink {
    void run() throws InterruptedException;
  }

  private static Thread pump(BufferedReader reader, LineSink onLine, EndSink onEnd) {
    return Thread.ofPlatform().daemon().start(() -> {
      try (reader) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          onLine.accept(line);
        }
      } catch (IOException e) {
        // The pipe closed because the process died; its exit code says why.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        onEnd.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }
}
