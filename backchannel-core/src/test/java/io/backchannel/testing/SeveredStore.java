package io.backchannel.testing;

import io.backchannel.core.cluster.ClusterEntry;
import io.backchannel.core.cluster.ClusterStore;
import io.backchannel.core.cluster.EntryKey;
import io.backchannel.core.cluster.Heartbeat;

/**
 * A cluster store that a test can cut off from its console: after {@link #sever()} nothing the
 * console writes reaches the store, as when the console crashed or lost its broker while the rest
 * of the cluster carries on. Reading goes on, so only the others' view changes.
 */
public final class SeveredStore implements ClusterStore {
  private final ClusterStore store;
  private volatile boolean severed;

  public SeveredStore(ClusterStore store) {
    this.store = store;
  }

  /** Drops every later write. */
  public void sever() {
    severed = true;
  }

  @Override
  public void publish(ClusterEntry entry) {
    if (!severed) {
      store.publish(entry);
    }
  }

  @Override
  public void withdraw(EntryKey key) {
    if (!severed) {
      store.withdraw(key);
    }
  }

  @Override
  public void heartbeat(Heartbeat heartbeat) {
    if (!severed) {
      store.heartbeat(heartbeat);
    }
  }

  @Override
  public void withdrawHeartbeat(String console) {
    if (!severed) {
      store.withdrawHeartbeat(console);
    }
  }

  @Override
  public void subscribe(Listener listener) {
    store.subscribe(listener);
  }

  @Override
  public void close() {
    store.close();
  }
}
