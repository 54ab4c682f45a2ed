package io.backchannel.core.internal.call;

import io.netty.util.internal.ThreadExecutorMap;
import reactor.core.scheduler.Schedulers;

/** Tells whether the current thread must never block: a Netty event loop or a Reactor non-blocking thread. */
public final class IoThreads {
  private IoThreads() {}

  public static boolean isCurrentNonBlocking() {
    return ThreadExecutorMap.currentExecutor() != null || Schedulers.isInNonBlockingThread();
  }
}
