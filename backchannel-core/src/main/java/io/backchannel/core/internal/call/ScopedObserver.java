package io.backchannel.core.internal.call;

import io.backchannel.core.observe.CallObserver;

/**
 * An observer with something to make current on the thread that runs an inbound call's handler,
 * while it runs: the call's Observation, so that the handler's logs carry its trace id and the
 * calls it makes are children of it.
 */
public interface ScopedObserver extends CallObserver {

  /** Makes the call current on this thread until the scope is closed, on this same thread. */
  Scope openScope();

  /** What {@link #openScope} opened. Closing it never throws. */
  interface Scope extends AutoCloseable {
    /** A scope with nothing in it. */
    Scope NONE = () -> {};

    @Override
    void close();
  }
}
