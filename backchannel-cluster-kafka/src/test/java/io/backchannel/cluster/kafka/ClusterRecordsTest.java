package io.backchannel.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.backchannel.core.cluster.ClusterEntry;
import io.backchannel.core.cluster.ClusterStore;
import io.backchannel.core.cluster.EntryKey;
import io.backchannel.core.cluster.Heartbeat;
import io.backchannel.core.node.NodeInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the cluster topic's records say, and that anything else on it is ignored. */
class ClusterRecordsTest {
  private final List<Object> seen = new ArrayList<>();
  private final ClusterStore.Listener listener = new ClusterStore.Listener() {
    @Override
    public void onEntry(ClusterEntry entry) {
      seen.add(entry);
    }

    @Override
    public void onTombstone(EntryKey key) {
      seen.add(key);
    }

    @Override
    public void onHeartbeat(Heartbeat heartbeat) {
      seen.add(heartbeat);
    }

    @Override
    public void onHeartbeatWithdrawn(String console) {
      seen.add(console);
    }
  };

  @Test
  void entriesTombstonesAndHeartbeatsReadBackAsWritten() {
    ClusterEntry entry = new ClusterEntry(new NodeInfo("s1", "acme", "node", Map.of("zone", "a"), List.of("Greeter"), "0.1"),
        "console-a", 42, 1_700_000_000_000L, 3, 12.5, false);
    Heartbeat heartbeat = new Heartbeat("console-a", 42, List.of("tcp+tls://console-a.example:7443"));

    assertThat(ClusterRecords.deliver(ClusterRecords.key(entry.key()), ClusterRecords.value(entry), listener)).isTrue();
    assertThat(ClusterRecords.deliver(ClusterRecords.key(entry.key()), null, listener)).isTrue();
    assertThat(ClusterRecords.deliver(ClusterRecords.heartbeatKey("console-a"), ClusterRecords.value(heartbeat), listener)).isTrue();
    assertThat(ClusterRecords.deliver(ClusterRecords.heartbeatKey("console-a"), null, listener)).isTrue();

    assertThat(seen).containsExactly(entry, entry.key(), heartbeat, "console-a");
  }

  @Test
  void aHeartbeatWithoutAddressesReadsBackAsOneThatTakesNoRelays() {
    assertThat(ClusterRecords.deliver(ClusterRecords.heartbeatKey("console-a"),
        bytes("{\"console\":\"console-a\",\"incarnation\":7}"), listener)).isTrue();
    assertThat(seen).containsExactly(new Heartbeat("console-a", 7));
  }

  @Test
  void recordsThatAreNoClusterRecordsAreIgnored() {
    ClusterEntry entry = new ClusterEntry(new NodeInfo("s1", "acme", "node", Map.of(), List.of(), null),
        "console-a", 1, 1, 0, 0, false);
    byte[] otherKey = ClusterRecords.key(new EntryKey("bolt", "s1", "console-a"));

    assertThat(ClusterRecords.deliver(null, ClusterRecords.value(entry), listener)).isFalse();
    assertThat(ClusterRecords.deliver(bytes("not json"), bytes("{}"), listener)).isFalse();
    assertThat(ClusterRecords.deliver(bytes("[\"entry\",\"acme\"]"), ClusterRecords.value(entry), listener)).isFalse();
    assertThat(ClusterRecords.deliver(otherKey, ClusterRecords.value(entry), listener))
        .as("an entry filed under another tenant's key").isFalse();
    assertThat(ClusterRecords.deliver(ClusterRecords.heartbeatKey("console-b"), ClusterRecords.value(new Heartbeat("console-a", 1)),
        listener)).isFalse();
    assertThat(ClusterRecords.deliver(ClusterRecords.heartbeatKey("console-a"), bytes("{\"incarnation\":1}"), listener)).isFalse();
    assertThat(seen).isEmpty();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
