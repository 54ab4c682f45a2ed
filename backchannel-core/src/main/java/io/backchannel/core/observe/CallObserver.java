package io.backchannel.core.observe;

/** Told once that a call ended, on whichever thread saw the end: fast, non-blocking, never throws. */
@FunctionalInterface
public interface CallObserver {

  /** The call ended with {@code record}'s outcome. */
  void onEnd(CallRecord record);
}
