package io.backchannel.core.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.backchannel.core.cluster.ClusterEntry;
import io.backchannel.core.cluster.EntryKey;
import io.backchannel.core.cluster.Heartbeat;
import io.backchannel.core.internal.session.SessionRegistry;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.RegistryListener;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The merged registry's listener events, record by record: the view's changes and this console's
 * own session events go into {@link MergedEvents}, and the listener thread is a queue the test
 * runs by hand, so every event is checked at the step that caused it.
 */
class MergedEventsTest {
  private static final long TTL = 3_000_000_000L;
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final Queue<Runnable> listenerThread = new ArrayDeque<>();
  private final SessionRegistry local = new SessionRegistry(listenerThread::add);
  private MergedEvents events;
  private final ClusterView view = new ClusterView("me", 7, TTL, nanos::get, 4, 4, () -> events.viewChanged());
  private final List<String> told = new CopyOnWriteArrayList<>();

  MergedEventsTest() {
    events = new MergedEvents(local, view);
    events.addListener(recorder(told));
  }

  @Test
  void aRemoteNodeIsToldOnlineWhenListedUpdatedWhenItChangesAndOfflineWhenWithdrawn() {
    view.onHeartbeat(new Heartbeat("c1", 1));
    view.onEntry(entry("s1", "acme", "c1", 1, 100, Map.of()));
    assertThat(run()).containsExactly("online acme/s1@c1");

    view.onEntry(entry("s1", "acme", "c1", 1, 100, Map.of("zone", "eu")));
    assertThat(run()).containsExactly("updated acme/s1@c1 {zone=eu}");

    view.onEntry(draining(entry("s1", "acme", "c1", 1, 100, Map.of("zone", "eu"))));
    assertThat(run()).as("a graceful logout is an update").containsExactly("updated acme/s1@c1 {zone=eu}");

    view.onTombstone(new EntryKey("acme", "s1", "c1"));
    assertThat(run()).containsExactly("offline acme/s1@c1 {zone=eu}");
  }

  @Test
  void aRepublishedEntryThatListsTheSameIsNoEvent() {
    view.onHeartbeat(new Heartbeat("c1", 1));
    view.onEntry(entry("s1", "acme", "c1", 1, 100, Map.of()));
    run();

    view.onEntry(new ClusterEntry(node("s1", "acme", Map.of()), "c1", 1, 100, 42, 9, false)); // load only
    view.onHeartbeat(new Heartbeat("c1", 1));

    assertThat(run()).isEmpty();
  }

  @Test
  void aNodeThatMovesToAnotherConsoleIsAnUpdateWithItsNewHolder() {
    view.onHeartbeat(new Heartbeat("c1", 1));
    view.onHeartbeat(new Heartbeat("c2", 1));
    view.onEntry(entry("s1", "acme", "c1", 1, 100, Map.of()));
    assertThat(run()).containsExactly("online acme/s1@c1");

    view.onEntry(entry("s1", "acme", "c2", 1, 200, Map.of()));
    assertThat(run()).containsExactly("updated acme/s1@c2");

    view.onTombstone(new EntryKey("acme", "s1", "c1"));
    assertThat(run()).as("the old holder's withdrawal lists nothing new").isEmpty();
  }

  @Test
  void anEntryReadBeforeItsConsolesHeartbeatComesOnlineWithTheHeartbeat() {
    view.onEntry(entry("s1", "acme", "c1", 1, 100, Map.of()));
    assertThat(run()).isEmpty();

    view.onHeartbeat(new Heartbeat("c1", 1));

    assertThat(run()).containsExactly("online acme/s1@c1");
  }

  @Test
  void theNodesOfAConsoleThatStopsHeartbeatingGoOfflineWhenItsLeaseEnds() {
    view.onHeartbeat(new Heartbeat("c1", 1));
    view.onEntry(entry("s1", "acme", "c1", 1, 100, Map.of()));
    run();
    for (int i = 0; i < ClusterView.ROUNDS; i++) {
      ownRound();
    }
    assertThat(run()).isEmpty();

    ownRound();
    assertThat(run()).containsExactly("offline acme/s1@c1");

    view.sweep();
    assertThat(run()).as("removing what is no longer listed is no second event").isEmpty();
  }

  @Test
  void aLeaseRenewedBeforeTheSweepBringsItsNodesBack() {
    view.onHeartbeat(new Heartbeat("c1", 1));
    view.onEntry(entry("s1", "acme", "c1", 1, 100, Map.of()));
    run();
    for (int i = 0; i <= ClusterView.ROUNDS; i++) {
      ownRound();
    }
    assertThat(run()).containsExactly("offline acme/s1@c1");

    view.onHeartbeat(new Heartbeat("c1", 1));

    assertThat(run()).containsExactly("online acme/s1@c1");
  }

  @Test
  void aConsoleThatLeavesOrRestartsTakesItsNodesOffline() {
    view.onHeartbeat(new Heartbeat("c1", 1));
    view.onHeartbeat(new Heartbeat("c2", 1));
    view.onEntry(entry("s1", "acme", "c1", 1, 100, Map.of()));
    view.onEntry(entry("s2", "acme", "c2", 1, 100, Map.of()));
    run();

    view.onHeartbeatWithdrawn("c1");
    view.onHeartbeat(new Heartbeat("c2", 2)); // restarted: its earlier entries are dead

    assertThat(run()).containsExactlyInAnyOrder("offline acme/s1@c1", "offline acme/s2@c2");
  }

  @Test
  void aSessionHereHidesTheRemoteListingAndUncoversItWhenItCloses() {
    view.onHeartbeat(new Heartbeat("c1", 1));
    view.onEntry(entry("s1", "acme", "c1", 1, 100, Map.of()));
    assertThat(run()).containsExactly("online acme/s1@c1");

    events.onOnline(node("s1", "acme", Map.of()));
    view.onEntry(entry("s1", "acme", "c1", 1, 100, Map.of("zone", "eu")));
    assertThat(run()).as("only the local session's events while it is up").containsExactly("online acme/s1");

    events.onOffline(node("s1", "acme", Map.of()));
    assertThat(run()).containsExactly("offline acme/s1", "online acme/s1@c1 {zone=eu}");
  }

  @Test
  void aRemoteEntryThatCameAndWentWhileHiddenIsNoEvent() {
    events.onOnline(node("s1", "acme", Map.of()));
    view.onHeartbeat(new Heartbeat("c1", 1));
    view.onEntry(entry("s1", "acme", "c1", 1, 100, Map.of()));
    view.onTombstone(new EntryKey("acme", "s1", "c1"));

    events.onOffline(node("s1", "acme", Map.of()));

    assertThat(run()).containsExactly("online acme/s1", "offline acme/s1");
  }

  @Test
  void aSessionHereHidesAnotherTenantsRemoteNodeOfItsId() {
    view.onHeartbeat(new Heartbeat("c1", 1));
    view.onEntry(entry("x", "bolt", "c1", 1, 100, Map.of()));
    run();

    events.onOnline(node("x", "acme", Map.of()));
    assertThat(run()).containsExactly("offline bolt/x@c1", "online acme/x");

    events.onOffline(node("x", "acme", Map.of()));
    assertThat(run()).containsExactly("offline acme/x", "online bolt/x@c1");
  }

  @Test
  void aListenerThatThrowsDoesNotStopTheOthers() {
    List<String> second = new CopyOnWriteArrayList<>();
    events.addListener(new RegistryListener() {
      @Override
      public void onOnline(NodeInfo node) {
        throw new IllegalStateException("a broken listener");
      }
    });
    events.addListener(recorder(second));
    view.onHeartbeat(new Heartbeat("c1", 1));

    view.onEntry(entry("s1", "acme", "c1", 1, 100, Map.of()));

    assertThat(run()).containsExactly("online acme/s1@c1");
    assertThat(second).containsExactly("online acme/s1@c1");
  }

  @Test
  void changesAreCoalescedIntoOneQueuedDrainAndBounded() {
    view.onHeartbeat(new Heartbeat("c1", 1));
    view.onEntry(entry("s1", "acme", "c1", 1, 100, Map.of()));
    run();

    // More nodes change between two drains than the view marks (4): it asks for a full comparison.
    view.onTombstone(new EntryKey("acme", "s1", "c1"));
    for (int i = 2; i <= 6; i++) {
      view.onEntry(entry("s" + i, "acme", "c1", 1, 100, Map.of()));
      view.onTombstone(new EntryKey("acme", "s" + i, "c1"));
    }
    view.onEntry(entry("s7", "acme", "c1", 1, 100, Map.of()));

    assertThat(listenerThread).as("one drain queued for all of it").hasSize(1);
    assertThat(run()).containsExactlyInAnyOrder("offline acme/s1@c1", "online acme/s7@c1");
  }

  /**
   * Runs what is queued on the listener thread and returns the events told since the last call
   * (local events are fed in by the test on the listener's behalf, so they are told at once).
   */
  private List<String> run() {
    Runnable task;
    while ((task = listenerThread.poll()) != null) {
      task.run();
    }
    List<String> events = List.copyOf(told);
    told.clear();
    return events;
  }

  private void ownRound() {
    nanos.addAndGet(TTL / 3);
    view.onHeartbeat(new Heartbeat("me", 7));
  }

  private static RegistryListener recorder(List<String> into) {
    return new RegistryListener() {
      @Override
      public void onOnline(NodeInfo node) {
        into.add("online " + describe(node));
      }

      @Override
      public void onUpdated(NodeInfo node) {
        into.add("updated " + describe(node));
      }

      @Override
      public void onOffline(NodeInfo node) {
        into.add("offline " + describe(node));
      }
    };
  }

  private static String describe(NodeInfo node) {
    return node.tenant() + "/" + node.nodeId() + (node.console() == null ? "" : "@" + node.console())
        + (node.tags().isEmpty() ? "" : " " + node.tags());
  }

  private static NodeInfo node(String nodeId, String tenant, Map<String, String> tags) {
    return new NodeInfo(nodeId, tenant, "node", tags, List.of("Greeter"), "0.1");
  }

  private static ClusterEntry entry(String nodeId, String tenant, String console, long incarnation, long epoch,
      Map<String, String> tags) {
    return new ClusterEntry(node(nodeId, tenant, tags), console, incarnation, epoch, 0, 1, false);
  }

  private static ClusterEntry draining(ClusterEntry entry) {
    return new ClusterEntry(entry.node(), entry.console(), entry.incarnation(), entry.epoch(), entry.inFlight(),
        entry.cost(), true);
  }
}
