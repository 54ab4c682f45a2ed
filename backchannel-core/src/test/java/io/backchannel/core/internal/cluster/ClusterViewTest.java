package io.backchannel.core.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.backchannel.core.cluster.ClusterEntry;
import io.backchannel.core.cluster.EntryKey;
import io.backchannel.core.cluster.Heartbeat;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeSelector;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The cluster's rules on one console's view, record by record on a clock moved by hand: leases
 * counted in own heartbeats, incarnations, epochs, health and the bounds.
 */
class ClusterViewTest {
  private static final long TTL = 3_000_000_000L;
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final ClusterView view = new ClusterView("me", 7, TTL, nanos::get, 10, 4, () -> {});

  @Test
  void aConsolePublishingEndlessAddressesGetsOnlyTheFirstFewKept() {
    List<String> many = java.util.stream.IntStream.range(0, 1_000).mapToObj(i -> "tcp://10.0.0.1:" + (7000 + i)).toList();
    view.onHeartbeat(new Heartbeat("other", 1, many));

    assertThat(view.relayAddresses().get("other")).containsExactlyElementsOf(many.subList(0, ClusterView.MAX_ADDRESSES));
  }

  @Test
  void anEntryIsListedWhileItsConsoleHeartbeatsAndMarkedWithIt() {
    view.onHeartbeat(new Heartbeat("other", 1));
    view.onEntry(entry("s1", "acme", "other", 1, 100));

    assertThat(view.nodes(NodeSelector.anyTenant())).extracting(NodeInfo::nodeId, NodeInfo::console)
        .containsExactly(Tuple.tuple("s1", "other"));
  }

  @Test
  void aConsoleExpiresAfterThreeOwnHeartbeatsWithoutOneOfItsOwn() {
    view.onHeartbeat(new Heartbeat("other", 1));
    view.onEntry(entry("s1", "acme", "other", 1, 100));
    for (int i = 0; i < ClusterView.ROUNDS; i++) {
      ownRound();
    }
    assertThat(view.nodes(NodeSelector.anyTenant())).hasSize(1);

    ownRound();

    assertThat(view.nodes(NodeSelector.anyTenant())).isEmpty();
    assertThat(view.sweep()).as("its entries are reaped").containsExactly(new EntryKey("acme", "s1", "other"));
    assertThat(view.liveConsoles()).isEqualTo(1);
  }

  @Test
  void withoutItsOwnHeartbeatAConsoleExpiresNobodyAndTurnsUnhealthy() {
    view.onHeartbeat(new Heartbeat("other", 1));
    view.onEntry(entry("s1", "acme", "other", 1, 100));
    ownRound();
    assertThat(view.healthy()).isTrue();

    nanos.addAndGet(10 * TTL); // nothing read for ten TTLs: the store is out of reach

    assertThat(view.sweep()).isEmpty();
    assertThat(view.healthy()).isFalse();
    assertThat(view.nodes(NodeSelector.anyTenant())).as("the last known view").hasSize(1);

    ownRound();
    assertThat(view.healthy()).isTrue();
  }

  @Test
  void entriesOfAnEarlierIncarnationAreDeadOnceTheNewOneHeartbeats() {
    view.onHeartbeat(new Heartbeat("other", 1));
    view.onEntry(entry("s1", "acme", "other", 1, 100));
    view.onEntry(entry("s2", "acme", "other", 1, 100));
    view.onHeartbeat(new Heartbeat("other", 2)); // restarted
    view.onEntry(entry("s2", "acme", "other", 2, 200));

    assertThat(view.nodes(NodeSelector.anyTenant())).extracting(NodeInfo::nodeId).containsExactly("s2");
    assertThat(view.sweep()).containsExactly(new EntryKey("acme", "s1", "other"));
  }

  @Test
  void ofTwoLiveHoldersTheHigherEpochIsListedOnce() {
    view.onHeartbeat(new Heartbeat("old", 1));
    view.onHeartbeat(new Heartbeat("new", 1));
    view.onEntry(entry("s1", "acme", "new", 1, 200));
    view.onEntry(entry("s1", "acme", "old", 1, 100));

    assertThat(view.nodes(NodeSelector.anyTenant())).extracting(NodeInfo::console).containsExactly("new");

    view.onTombstone(new EntryKey("acme", "s1", "new"));
    assertThat(view.nodes(NodeSelector.anyTenant())).extracting(NodeInfo::console).containsExactly("old");
  }

  @Test
  void aNonDrainingHolderOutranksADrainingOneWhateverTheEpochs() {
    view.onHeartbeat(new Heartbeat("leaving", 1));
    view.onHeartbeat(new Heartbeat("new", 1));
    view.onEntry(entry("s1", "acme", "new", 1, 100));
    view.onEntry(entry("s1", "acme", "leaving", 1, 100));
    assertThat(view.nodes(NodeSelector.anyTenant())).extracting(NodeInfo::console).containsExactly("new");

    // The leaving console republishes its entry as draining, with a clock far ahead.
    view.onEntry(draining(entry("s1", "acme", "leaving", 1, 9_000)));
    view.onEntry(entry("s1", "acme", "new", 1, 50));
    assertThat(view.nodes(NodeSelector.anyTenant())).extracting(NodeInfo::console).containsExactly("new");
    assertThat(view.entry("s1")).extracting(ClusterEntry::console).isEqualTo("new");

    view.onTombstone(new EntryKey("acme", "s1", "new"));
    assertThat(view.nodes(NodeSelector.anyTenant())).as("a draining entry is still listed when it is the only one")
        .extracting(NodeInfo::console).containsExactly("leaving");
  }

  @Test
  void aNewSessionHereOutranksEveryEpochReadWhateverTheClock() {
    view.onHeartbeat(new Heartbeat("other", 1));
    view.onEntry(entry("s1", "acme", "other", 1, 5_000));

    assertThat(view.nextEpoch("acme", "s1", 1_000)).as("a clock behind").isEqualTo(5_001);
    assertThat(view.nextEpoch("acme", "s1", 9_000)).isEqualTo(9_000);
    assertThat(view.nextEpoch("acme", "s2", 1_000)).isEqualTo(1_000);
  }

  @Test
  void aTombstoneOfAnOwnEntryIsReportedForRepublishing() {
    view.onTombstone(new EntryKey("acme", "s1", "me"));

    assertThat(view.takeOwnTombstones()).containsExactly(new EntryKey("acme", "s1", "me"));
    assertThat(view.takeOwnTombstones()).isEmpty();
  }

  @Test
  void selectorsAndTenantsApplyToRemoteNodes() {
    view.onHeartbeat(new Heartbeat("other", 1));
    view.onEntry(entry("a1", "acme", "other", 1, 1));
    view.onEntry(entry("b1", "bolt", "other", 1, 1));

    assertThat(view.nodes(NodeSelector.any().withTenant("acme"))).extracting(NodeInfo::nodeId).containsExactly("a1");
    assertThat(view.nodes(NodeSelector.service("Greeter").withTenant("bolt"))).extracting(NodeInfo::nodeId)
        .containsExactly("b1");
  }

  @Test
  void aNodeIdIsHeldByAnotherTenantOnlyWhileThatTenantsEntryIsLive() {
    view.onHeartbeat(new Heartbeat("other", 1));
    view.onEntry(entry("x", "acme", "other", 1, 100));

    assertThat(view.heldByOtherTenant("x", "bolt")).isTrue();
    assertThat(view.heldByOtherTenant("x", "acme")).as("the same tenant may move here").isFalse();
    assertThat(view.heldByOtherTenant("y", "bolt")).isFalse();
    assertThat(view.entry("x")).extracting(ClusterEntry::console).isEqualTo("other");

    for (int i = 0; i <= ClusterView.ROUNDS; i++) {
      ownRound();
    }
    assertThat(view.heldByOtherTenant("x", "bolt")).as("its console stopped heartbeating").isFalse();

    view.onHeartbeat(new Heartbeat("other", 1));
    view.onTombstone(new EntryKey("acme", "x", "other"));
    assertThat(view.heldByOtherTenant("x", "bolt")).as("withdrawn").isFalse();
    assertThat(view.entry("x")).isNull();
  }

  @Test
  void entriesAndConsolesBeyondTheBoundsAreDropped() {
    for (int i = 0; i < 5; i++) {
      view.onHeartbeat(new Heartbeat("c" + i, 1));
    }
    for (int i = 0; i < 12; i++) {
      view.onEntry(entry("s" + i, "acme", "c0", 1, 1));
    }

    assertThat(view.liveConsoles()).isEqualTo(4);
    assertThat(view.remoteNodes()).isEqualTo(10);
    assertThat(view.dropped()).isEqualTo(3);
  }

  /** A heartbeat interval passes and this console reads its own heartbeat. */
  private void ownRound() {
    nanos.addAndGet(TTL / 3);
    view.onHeartbeat(new Heartbeat("me", 7));
  }

  private static ClusterEntry draining(ClusterEntry entry) {
    return new ClusterEntry(entry.node(), entry.console(), entry.incarnation(), entry.epoch(), entry.inFlight(),
        entry.cost(), true);
  }

  private static ClusterEntry entry(String nodeId, String tenant, String console, long incarnation, long epoch) {
    NodeInfo node = new NodeInfo(nodeId, tenant, "node", Map.of(), List.of("Greeter"), "0.1");
    return new ClusterEntry(node, console, incarnation, epoch, 0, 1, false);
  }
}
