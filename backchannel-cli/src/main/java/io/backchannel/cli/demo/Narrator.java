package io.backchannel.cli.demo;

import java.io.PrintStream;
import org.jspecify.annotations.Nullable;

/**
 * Prints the demo's account of what happened: numbered steps, indented details, and child output
 * prefixed with the child's name. Thread-safe; each call prints whole lines.
 */
final class Narrator {
  private static final String INDENT = "        ";

  private final PrintStream out;
  private final PrintStream err;

  Narrator(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  synchronized void paragraph(String text) {
    out.println(text);
  }

  synchronized void step(int number, int total, String title) {
    out.println();
    out.printf("[%2d/%d] %s%n", number, total, title);
  }

  /** A detail of the current step, formatted like {@link String#formatted}. */
  synchronized void say(String format, @Nullable Object... args) {
    out.println(INDENT + format.formatted(args));
  }

  /** A line a child printed on stdout. */
  synchronized void child(String name, String line) {
    out.println(INDENT + "[" + name + "] " + line);
  }

  /** A line a child printed on stderr: kept apart from the narrative, since it means something went wrong. */
  void childError(String name, String line) {
    err.println("[" + name + "] " + line);
  }

  synchronized void failed(String reason) {
    out.println(INDENT + "FAILED: " + reason);
  }
}
