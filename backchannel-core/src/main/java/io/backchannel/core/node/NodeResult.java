package io.backchannel.core.node;

import org.jspecify.annotations.Nullable;

/**
 * One node's answer to a broadcast: its value, or why it failed.
 *
 * @param value the result (null for void methods or failures)
 * @param failure the exception the call threw, or null
 */
public record NodeResult<R>(String nodeId, @Nullable R value, @Nullable Throwable failure) {
  public boolean succeeded() {
    return failure == null;
  }
}
