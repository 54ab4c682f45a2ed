package io.backchannel.core.transport;

import java.util.Optional;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Tells a listening transport that a connection's SETUP was accepted, so that it lifts the limits
 * it applies before authentication ({@link ListenerLimits}). A transport puts one into the accept
 * chain's Reactor context with {@link #addTo}; the peer calls {@link #admitted} before it answers
 * the connection's first request. Thread-safe; calling it again does nothing.
 */
@FunctionalInterface
public interface Admission {

  void admitted();

  /** {@code context} with {@code admission} added. */
  static Context addTo(Context context, Admission admission) {
    return context.put(Admission.class, admission);
  }

  /** The admission of the connection being accepted, if its transport applies limits. */
  static Optional<Admission> from(ContextView context) {
    return context.getOrEmpty(Admission.class);
  }
}
