package io.backchannel.cli.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress bar redrawn in place (carriage return) on a terminal stream by its own daemon thread,
 * five times a second, from a counter the workers bump. Thread-safe.
 */
final class ProgressLine implements AutoCloseable {
  private static final int WIDTH = 30;
  private static final long PERIOD_MILLIS = 200;

  private final PrintWriter out;
  private final String label;
  private final long total;
  private final AtomicLong done = new AtomicLong();
  private final long startNanos = System.nanoTime();
  private final Thread painter;
  private volatile boolean closed;

  private ProgressLine(PrintWriter out, String label, long total) {
    this.out = out;
    this.label = label;
    this.total = total;
    this.painter = Thread.ofPlatform().daemon().name("bench-progress").unstarted(this::paintUntilClosed);
  }

  /** Starts drawing at once. */
  static ProgressLine start(PrintWriter out, String label, long total) {
    ProgressLine line = new ProgressLine(out, label, total);
    line.painter.start();
    return line;
  }

  /** Counts one finished call. */
  void step() {
    done.incrementAndGet();
  }

  /** Draws the final state and ends the line. */
  @Override
  public void close() {
    closed = true;
    painter.interrupt();
    try {
      painter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    paint();
    out.println();
    out.flush();
  }

  private void paintUntilClosed() {
    while (!closed) {
      paint();
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void paint() {
    long count = Math.min(done.get(), total);
    int filled = (int) (WIDTH * count / Math.max(1, total));
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    out.print(String.format(Locale.ROOT, "\r%s [%s%s] %3d%% %,d/%,d calls, %,.0f calls/s ", label,
        "#".repeat(filled), "-".repeat(WIDTH - filled), 100 * count / Math.max(1, total), count, total,
        seconds > 0 ? count / seconds : 0));
    out.flush();
  }
}
