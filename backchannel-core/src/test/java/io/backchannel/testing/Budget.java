package io.backchannel.testing;

import io.backchannel.RemoteService;

/** Reports deadline budgets as handlers see them, for tests that drive the peers' clocks by hand. */
@RemoteService
public interface Budget {
  /** What is left of this call's deadline, in milliseconds, as the handler sees it. */
  long remainingMillis();

  /**
   * Moves the serving peer's clock forward by {@code millis}, then asks the caller's {@link
   * Budget} for its {@link #remainingMillis}: {@code "remaining=N"}, or the simple name of the
   * exception that call failed with.
   */
  String callBackAfter(long millis);
}
