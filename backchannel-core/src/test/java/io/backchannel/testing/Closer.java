package io.backchannel.testing;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test set up, closed in reverse order by its teardown. Whatever setup managed to create
 * before it failed is closed, nothing else is touched, and every close is tried: the first failure
 * is thrown with the others suppressed on it, so a failed setup is reported as itself, not as a
 * teardown error. Not thread-safe: use it from the test's setup and teardown.
 */
public final class Closer implements AutoCloseable {
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  /** Registers {@code resource} to be closed at teardown and returns it. */
  public <T extends AutoCloseable> T register(T resource) {
    opened.push(resource);
    return resource;
  }

  /** Closes everything registered, newest first, and forgets it. */
  @Override
  public void close() {
    Throwable first = null;
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Throwable t) {
        if (first == null) {
          first = t;
        } else {
          first.addSuppressed(t);
        }
      }
    }
    if (first instanceof RuntimeException e) {
      throw e;
    }
    if (first instanceof Error e) {
      throw e;
    }
    if (first != null) {
      throw new IllegalStateException("closing a test resource failed", first);
    }
  }
}
