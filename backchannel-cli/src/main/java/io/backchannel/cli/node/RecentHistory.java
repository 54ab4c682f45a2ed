package io.backchannel.cli.node;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The last {@code capacity} items added, oldest first: a record of what remote nodes did that
 * they cannot grow without bound by calling again and again. Thread-safe.
 */
final class RecentHistory<T> {
  private final int capacity;
  private final ArrayDeque<T> items;

  RecentHistory(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
    this.items = new ArrayDeque<>(Math.min(capacity, 64));
  }

  synchronized void add(T item) {
    if (items.size() == capacity) {
      items.removeFirst();
    }
    items.addLast(item);
  }

  synchronized List<T> snapshot() {
    return List.copyOf(items);
  }
}
