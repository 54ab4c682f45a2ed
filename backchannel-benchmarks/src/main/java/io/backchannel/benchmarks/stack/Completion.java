package io.backchannel.benchmarks.stack;

import org.jspecify.annotations.Nullable;

/** Told once when an asynchronous call ends; {@code failure} is null on success. */
@FunctionalInterface
public interface Completion {
  void done(@Nullable Throwable failure);
}
