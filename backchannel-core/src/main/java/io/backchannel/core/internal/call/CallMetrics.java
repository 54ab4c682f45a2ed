package io.backchannel.core.internal.call;

import org.jspecify.annotations.Nullable;

/** Where finished calls are counted; must be fast and never throw. */
@FunctionalInterface
public interface CallMetrics {
  CallMetrics NONE = (call, nanos, failure) -> {};

  void record(CallId call, long nanos, @Nullable Throwable failure);
}
