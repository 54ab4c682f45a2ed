package io.backchannel.core.observe;

/**
 * Told about each call that took longer than the peer's slow-call threshold, in either direction;
 * wire it to an alarm. Called once per slow call, on the thread that finished the call, which may
 * be an I/O thread: return quickly, never block, never throw.
 */
@FunctionalInterface
public interface SlowCallListener {
  /** {@code call} exceeded the threshold. */
  void onSlowCall(CallRecord call);
}
