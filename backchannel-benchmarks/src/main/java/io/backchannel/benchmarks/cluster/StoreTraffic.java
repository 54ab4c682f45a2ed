package io.backchannel.benchmarks.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the whole cluster topic after a run (it was not compacted meanwhile: segments roll hourly)
 * and counts its records by kind: entries, tombstones, heartbeats, with their key + value bytes and
 * the time between the first and last record.
 */
final class StoreTraffic {
  private StoreTraffic() {}

  static Map<String, Object> read(String bootstrap, String topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Map<String, long[]> kinds = new LinkedHashMap<>(); // kind -> {records, bytes}
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
          String key = new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
          String kind = key.startsWith("[\"heartbeat\"") ? (record.value() == null ? "heartbeatWithdrawn" : "heartbeat")
              : record.value() == null ? "tombstone" : "entry";
          long[] tally = kinds.computeIfAbsent(kind, k -> new long[2]);
          tally[0]++;
          tally[1] += record.key().length + (record.value() == null ? 0 : record.value().length);
          first = Math.min(first, record.timestamp());
          last = Math.max(last, record.timestamp());
        }
      }
    }
    Map<String, Object> traffic = new LinkedHashMap<>();
    traffic.put("topic", topic);
    traffic.put("spanSeconds", (last - first) / 1000.0);
    kinds.forEach((kind, tally) -> traffic.put(kind, Map.of("records", tally[0], "bytes", tally[1],
        "bytesPerRecord", tally[0] == 0 ? 0 : tally[1] / (double) tally[0])));
    return traffic;
  }
}
