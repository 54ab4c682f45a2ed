package io.backchannel.cli.demo;

import java.time.Duration;

/**
 * One step of the demo.
 *
 * @param title what the step shows, printed before it runs
 * @param deadline how long it may take; past it the step is interrupted and fails
 * @param body the work, which narrates its details and throws if the step failed
 */
record Step(String title, Duration deadline, Body body) {

  /** The work of a step. */
  @FunctionalInterface
  interface Body {
    void run() throws Exception;
  }
}
