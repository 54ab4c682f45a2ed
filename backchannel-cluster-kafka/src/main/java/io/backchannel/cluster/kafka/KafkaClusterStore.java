package io.backchannel.cluster.kafka;

import io.backchannel.core.cluster.ClusterEntry;
import io.backchannel.core.cluster.ClusterStore;
import io.backchannel.core.cluster.EntryKey;
import io.backchannel.core.cluster.Heartbeat;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A console cluster's store on a Kafka compacted topic ({@code docs/cluster.md}): every console
 * writes its entries, tombstones and heartbeat there and reads everyone's from the beginning. Give
 * each console its own store: {@code Peer.builder().cluster(KafkaClusterStore.builder(servers,
 * "backchannel-cluster").build())}.
 *
 * <p>One idempotent producer ({@code acks=all}), so a broker restart neither loses nor duplicates
 * records; one consumer on one platform thread ({@code backchannel-cluster-<topic>-poll}), assigned
 * every partition without a consumer group and reading from offset 0, which calls the listener.
 * The records of one node go to one partition, chosen from its tenant and id, so they stay in
 * order. Writes queue in the producer and return (they block at most {@code max.block.ms}, 10 s,
 * only while the producer's bounded buffer is full or the topic's metadata unknown); a write that
 * fails is logged, and the console notices an outage by its own heartbeat not coming back.
 * Thread-safe.
 */
public final class KafkaClusterStore implements ClusterStore {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterStore.class);
  private static final AtomicInteger STORES = new AtomicInteger();
  private static final Duration POLL = Duration.ofMillis(200);

  private final String topic;
  private final int partitions;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String clientId;
  private final AtomicLong failedWrites = new AtomicLong();
  private final AtomicLong ignoredRecords = new AtomicLong();
  private @Nullable Thread poller; // guarded by this
  private volatile boolean closed;

  private KafkaClusterStore(String topic, int partitions, KafkaProducer<byte[], byte[]> producer,
      KafkaConsumer<byte[], byte[]> consumer, String clientId) {
    this.topic = topic;
    this.partitions = partitions;
    this.producer = producer;
    this.consumer = consumer;
    this.clientId = clientId;
  }

  /**
   * Starts configuring a store on {@code topic} of the cluster at {@code bootstrapServers}
   * ({@code host:port[,host:port...]}).
   */
  public static Builder builder(String bootstrapServers, String topic) {
    return new Builder(bootstrapServers, topic);
  }

  @Override
  public void publish(ClusterEntry entry) {
    EntryKey key = entry.key();
    send(nodePartition(key), ClusterRecords.key(key), ClusterRecords.value(entry));
  }

  @Override
  public void withdraw(EntryKey key) {
    send(nodePartition(key), ClusterRecords.key(key), null);
  }

  @Override
  public void heartbeat(Heartbeat heartbeat) {
    send(consolePartition(heartbeat.console()), ClusterRecords.heartbeatKey(heartbeat.console()),
        ClusterRecords.value(heartbeat));
  }

  @Override
  public void withdrawHeartbeat(String console) {
    send(consolePartition(console), ClusterRecords.heartbeatKey(console), null);
  }

  @Override
  public synchronized void subscribe(Listener listener) {
    Objects.requireNonNull(listener, "listener");
    if (poller != null || closed) {
      throw new IllegalStateException(closed ? "store closed" : "already subscribed");
    }
    poller = Thread.ofPlatform().daemon().name(clientId + "-poll").start(() -> poll(listener));
  }

  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      running = poller;
    }
    producer.close(Duration.ofSeconds(5)); // sends what is queued: a leaving console's tombstones
    if (running == null) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      return;
    }
    consumer.wakeup();
    try {
      running.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "KafkaClusterStore[" + topic + "]";
  }

  private void poll(Listener listener) {
    try {
      // The partitions the producer found when the store was built: a consumer may not see a new topic yet.
      List<TopicPartition> all = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
      consumer.assign(all);
      consumer.seekToBeginning(all);
      while (!closed) {
        try {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            if (!ClusterRecords.deliver(record.key(), record.value(), listener) && ignoredRecords.getAndIncrement() % 1000 == 0) {
              LOG.warn("{}: ignored a record that is no cluster record, at {}-{} offset {}", this, topic,
                  record.partition(), record.offset());
            }
          }
        } catch (WakeupException e) {
          throw e;
        } catch (KafkaException e) {
          // Broker trouble is retried by the client; the console sees it as its heartbeat not coming back.
          LOG.warn("{}: reading the cluster topic failed: {}", this, e.toString());
        }
      }
    } catch (WakeupException e) {
      // closed
    } catch (RuntimeException e) {
      LOG.error("{}: the cluster topic's reader stopped; this console no longer follows the cluster", this, e);
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
    }
  }

  private void send(int partition, byte[] key, byte @Nullable [] value) {
    if (closed) {
      return;
    }
    try {
      producer.send(new ProducerRecord<>(topic, partition, key, value), (metadata, error) -> {
        if (error != null) {
          failed(error);
        }
      });
    } catch (KafkaException | IllegalStateException e) {
      failed(e);
    }
  }

  private void failed(Exception error) {
    if (failedWrites.getAndIncrement() % 100 == 0 && !closed) {
      LOG.warn("{}: writing to the cluster topic failed ({} writes failed so far): {}", this, failedWrites.get(),
          error.toString());
    }
  }

  private int nodePartition(EntryKey key) {
    return Math.floorMod((key.tenant() + '\0' + key.nodeId()).hashCode(), partitions);
  }

  private int consolePartition(String console) {
    return Math.floorMod(console.hashCode(), partitions);
  }

  /** Configures a {@link KafkaClusterStore}. Not thread-safe. */
  public static final class Builder {
    private final String bootstrapServers;
    private final String topic;
    private final Map<String, Object> properties = new HashMap<>();
    private int partitions = 1;
    private @Nullable Short replicationFactor;
    private Duration timeout = Duration.ofSeconds(30);

    Builder(String bootstrapServers, String topic) {
      this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      this.topic = Objects.requireNonNull(topic, "topic");
      if (!topic.matches("[A-Za-z0-9._-]{1,200}")) {
        throw new IllegalArgumentException("topic must be 1–200 characters of [A-Za-z0-9._-], was '" + topic + "'");
      }
    }

    /** Partitions of the topic if this store creates it (1 … 1,000; default 1). */
    public Builder partitions(int partitions) {
      if (partitions < 1 || partitions > 1_000) {
        throw new IllegalArgumentException("partitions must be 1 … 1,000, was " + partitions);
      }
      this.partitions = partitions;
      return this;
    }

    /** Replication factor of the topic if this store creates it (default: the broker's). */
    public Builder replicationFactor(short replicationFactor) {
      if (replicationFactor < 1) {
        throw new IllegalArgumentException("replicationFactor must be at least 1, was " + replicationFactor);
      }
      this.replicationFactor = replicationFactor;
      return this;
    }

    /** How long {@link #build} waits for the broker to create or describe the topic (default 30 s). */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** A Kafka client property for the producer, consumer and admin client (security, timeouts, …). */
    public Builder property(String name, Object value) {
      properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Creates the topic if it is missing (compacted, with {@link #partitions}), and connects.
     *
     * @throws IllegalStateException if the broker does not answer within {@link #timeout}
     */
    public KafkaClusterStore build() {
      String clientId = "backchannel-cluster-" + topic + "-" + STORES.incrementAndGet();
      createTopic(clientId);
      Map<String, Object> producerConfig = common(clientId + "-producer");
      producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
      producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
      producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
      producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      Map<String, Object> consumerConfig = common(clientId + "-consumer");
      consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig);
      KafkaConsumer<byte[], byte[]> consumer = null;
      try {
        List<PartitionInfo> infos = producer.partitionsFor(topic);
        if (infos.isEmpty()) {
          throw new IllegalStateException("the cluster topic " + topic + " has no partitions");
        }
        consumer = new KafkaConsumer<>(consumerConfig);
        return new KafkaClusterStore(topic, infos.size(), producer, consumer, clientId);
      } catch (RuntimeException e) {
        producer.close(Duration.ZERO);
        if (consumer != null) {
          consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
        throw e;
      }
    }

    private void createTopic(String clientId) {
      NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), Optional.ofNullable(replicationFactor))
          .configs(Map.of(
              TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
              // Roll hourly so that heartbeats get compacted away and a starting console replays little.
              TopicConfig.SEGMENT_MS_CONFIG, "3600000"));
      try (Admin admin = Admin.create(common(clientId + "-admin"))) {
        admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("created the compacted cluster topic {} ({} partitions)", topic, partitions);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("could not create the cluster topic " + topic + ": " + e.getCause(), e.getCause());
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException("the broker did not create the cluster topic " + topic + " within " + timeout, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while creating the cluster topic " + topic, e);
      }
    }

    private Map<String, Object> common(String clientId) {
      Map<String, Object> config = new HashMap<>(properties);
      config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
      return config;
    }
  }
}
