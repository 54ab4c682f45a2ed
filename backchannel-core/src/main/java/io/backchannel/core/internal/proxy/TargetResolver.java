package io.backchannel.core.internal.proxy;

/**
 * Picks the connection for each call, at call time, so that a proxy follows reconnects. Throws a
 * {@link io.backchannel.BackchannelException} (no route, connection lost) when there is none.
 */
@FunctionalInterface
public interface TargetResolver {
  CallTarget resolve();

  /** The resolver to use for a call being made now: lets per-call options, bound on the calling thread, apply. */
  default TargetResolver atInvocation() {
    return this;
  }

  /** Shown in the proxy's {@code toString}. */
  default String describe() {
    return toString();
  }
}
