package io.backchannel.cli.demo;

import java.util.List;

/** The steps of a demo and the processes they start; {@link Demo} runs them in order. */
interface Script extends AutoCloseable {
  /** The steps, in the order they run. */
  List<Step> steps();

  /** Ends everything the steps started, whichever step failed. Idempotent. */
  @Override
  void close();
}
