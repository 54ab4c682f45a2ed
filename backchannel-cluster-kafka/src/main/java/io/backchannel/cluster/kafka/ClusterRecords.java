package io.backchannel.cluster.kafka;

import io.backchannel.core.cluster.ClusterEntry;
import io.backchannel.core.cluster.ClusterStore;
import io.backchannel.core.cluster.EntryKey;
import io.backchannel.core.cluster.Heartbeat;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The records on the cluster topic: keys are JSON arrays, {@code ["entry", tenant, nodeId,
 * console]} or {@code ["heartbeat", console]}; values are the JSON of a {@link ClusterEntry} or
 * {@link Heartbeat}, and null is a tombstone. Unknown fields are ignored, so later versions may
 * add some; a record that is not one of these is reported, never thrown on the poll thread.
 */
final class ClusterRecords {
  static final String ENTRY = "entry";
  static final String HEARTBEAT = "heartbeat";
  private static final JsonMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private ClusterRecords() {}

  static byte[] key(EntryKey key) {
    return JSON.writeValueAsBytes(new String[] {ENTRY, key.tenant(), key.nodeId(), key.console()});
  }

  static byte[] heartbeatKey(String console) {
    return JSON.writeValueAsBytes(new String[] {HEARTBEAT, console});
  }

  static byte[] value(Object record) {
    return JSON.writeValueAsBytes(record);
  }

  /**
   * Tells {@code listener} what one record says.
   *
   * @return false if the record is none of the cluster's (it was ignored)
   */
  static boolean deliver(byte @Nullable [] key, byte @Nullable [] value, ClusterStore.Listener listener) {
    if (key == null) {
      return false;
    }
    try {
      String[] parts = JSON.readValue(key, String[].class);
      if (parts.length == 4 && ENTRY.equals(parts[0]) && Arrays.stream(parts).allMatch(part -> part != null)) {
        EntryKey entryKey = new EntryKey(parts[1], parts[2], parts[3]);
        if (value == null) {
          listener.onTombstone(entryKey);
          return true;
        }
        ClusterEntry entry = JSON.readValue(value, ClusterEntry.class);
        if (!entry.key().equals(entryKey)) {
          return false; // a value filed under another key: not ours to believe
        }
        listener.onEntry(entry);
        return true;
      }
      if (parts.length == 2 && HEARTBEAT.equals(parts[0]) && parts[1] != null) {
        if (value == null) {
          listener.onHeartbeatWithdrawn(parts[1]);
          return true;
        }
        Heartbeat heartbeat = JSON.readValue(value, Heartbeat.class);
        if (!heartbeat.console().equals(parts[1])) {
          return false;
        }
        listener.onHeartbeat(heartbeat);
        return true;
      }
      return false;
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      return false;
    }
  }
}
