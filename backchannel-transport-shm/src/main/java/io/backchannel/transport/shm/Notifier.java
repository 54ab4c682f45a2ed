package io.backchannel.transport.shm;

import java.lang.invoke.VarHandle;

/**
 * The waking half of the protocol in {@link Waiter}: after publishing, fence, and wake the other
 * side only if its flag says it sleeps. Thread-safe as long as the callers are serialised with
 * the ring side they publish for.
 */
final class Notifier {
  private final Ring.WaitFlag flag;
  private final Wakeup wakeup;
  private final byte doorbell;

  Notifier(Ring.WaitFlag flag, Wakeup wakeup, byte doorbell) {
    this.flag = flag;
    this.wakeup = wakeup;
    this.doorbell = doorbell;
  }

  /** Call after the release store that made progress visible. */
  void wakeIfSleeping() {
    VarHandle.fullFence();
    if (flag.isSleepingVolatile() && flag.clearIfSleepingVolatile()) {
      wakeup.wakeRemote(flag.word(), doorbell);
    }
  }
}
