package io.backchannel.cli.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Runs a demo script: each step within its deadline, stopping at the first failure, and always
 * ending the child processes. Blocks until done.
 */
public final class Demo {
  private final Narrator narrator;
  private final List<String> introduction;
  private final Script script;

  private Demo(Narrator narrator, List<String> introduction, Script script) {
    this.narrator = narrator;
    this.introduction = introduction;
    this.script = script;
  }

  /**
   * Runs the demo, narrating to {@code out}; children's stderr goes to {@code err}.
   *
   * @return the process exit code: 0 if every step worked, 1 otherwise
   */
  public static int run(PrintStream out, PrintStream err) {
    Narrator narrator = new Narrator(out, err);
    return run(narrator, List.of(
        "Backchannel demo: a console and three sidecars of two tenants, each a JVM of its own, on loopback TCP.",
        "The sidecars dial the console, authenticate with signed tokens and open no port; then calls flow both ways."),
        new DemoScript(narrator, JavaLauncher.current()));
  }

  /**
   * Prints {@code introduction}, one paragraph per line, then runs {@code script}'s steps and
   * closes it.
   *
   * @return the process exit code: 0 if every step worked, 1 otherwise
   */
  static int run(Narrator narrator, List<String> introduction, Script script) {
    return new Demo(narrator, introduction, script).run();
  }

  private int run() {
    introduction.forEach(narrator::paragraph);
    List<Step> steps = script.steps();
    int failedAt = 0;
    // One step at a time, each on a fresh virtual thread that is interrupted if it overruns.
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    try {
      for (int i = 0; i < steps.size() && failedAt == 0; i++) {
        Step step = steps.get(i);
        narrator.step(i + 1, steps.size(), step.title());
        String failure = runWithinDeadline(executor, step);
        if (failure != null) {
          narrator.failed(failure);
          failedAt = i + 1;
        }
      }
    } finally {
      // Children end before the verdict, so that their last words print under the step that failed.
      script.close();
      // Not close(): that would wait for a step stuck past its deadline.
      executor.shutdownNow();
    }
    narrator.paragraph("");
    if (failedAt > 0) {
      narrator.paragraph("demo failed at step " + failedAt + " of " + steps.size() + ": " + steps.get(failedAt - 1).title());
      return 1;
    }
    narrator.paragraph("demo finished: " + steps.size() + " steps ok");
    return 0;
  }

  /** Runs {@code step}; returns why it failed, or null if it worked. */
  private static @Nullable String runWithinDeadline(ExecutorService executor, Step step) {
    Future<?> running = executor.submit(() -> {
      step.body().run();
      return null;
    });
    try {
      running.get(step.deadline().toMillis(), TimeUnit.MILLISECONDS);
      return null;
    } catch (TimeoutException e) {
      running.cancel(true);
      return "did not finish within " + step.deadline().toMillis() + " ms";
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return describe(cause != null ? cause : e);
    } catch (InterruptedException e) {
      running.cancel(true);
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static String describe(Throwable failure) {
    return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
  }
}
