package io.backchannel.transport.kafka;

import io.backchannel.core.internal.transport.TlsOptions;
import io.netty.handler.ssl.SslContext;
import io.rsocket.DuplexConnection;
import io.rsocket.transport.ClientTransport;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Dials a Kafka server transport: sends a connection request with a fresh session id to the
 * server's topic and waits, up to {@code connectTimeout}, for the confirmation on {@code
 * topic-reply}. The reply topic is read without a consumer group from its end as it was before the
 * request, so concurrent clients never take each other's confirmations. Thread-safe; each {@link
 * #connect()} subscription dials once, on a virtual thread, and emits from it.
 */
final class KafkaClientTransport implements ClientTransport {
  private static final Logger log = LoggerFactory.getLogger(KafkaClientTransport.class);
  /** Plain sessions are warned about once per JVM, not on every redial. */
  private static final AtomicBoolean WARNED_PLAIN = new AtomicBoolean();
  private final KafkaUri uri;

  KafkaClientTransport(KafkaUri uri) {
    this.uri = uri;
  }

  @Override
  public int maxFrameLength() {
    return uri.maxFrameSize();
  }

  @Override
  public Mono<DuplexConnection> connect() {
    return Mono.create(sink -> {
      AtomicBoolean cancelled = new AtomicBoolean();
      sink.onCancel(() -> cancelled.set(true));
      Thread.ofVirtual().name("backchannel-kafka-connect").start(() -> {
        KafkaDuplexConnection connection;
        try {
          connection = handshake();
        } catch (Exception e) {
          sink.error(e);
          return;
        }
        if (cancelled.get()) {
          connection.dispose();
        } else {
          sink.success(connection);
        }
      });
    });
  }

  private KafkaDuplexConnection handshake() throws ConnectException {
    long deadline = System.nanoTime() + uri.connectTimeout().toNanos();
    SslContext tls = dialerTls();
    SessionTopics topics = SessionTopics.create(uri.topic());
    SharedProducer producer = SharedProducer.acquire(uri);
    try (Consumer<byte[], byte[]> replies = new KafkaConsumer<>(KafkaConfigs.assignedConsumer(uri, "handshake"))) {
      List<TopicPartition> partitions = partitions(replies, uri.replyTopic(), deadline);
      partitions(replies, uri.topic(), deadline);
      replies.assign(partitions);
      replies.seekToEnd(partitions);
      // Fix the start position before asking, so the confirmation cannot slip in ahead of it.
      partitions.forEach(p -> replies.position(p, remaining(deadline)));
      long deadlineMillis = System.currentTimeMillis() + remaining(deadline).toMillis();
      producer.producer().send(ControlRecords.connect(uri.topic(), topics.id(), deadlineMillis, tls != null))
          .get(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
      awaitConfirmation(replies, topics.id(), deadline);
      log.debug("session {} confirmed after {} ms", topics.id(),
          uri.connectTimeout().minus(remaining(deadline)).toMillis());
    } catch (ConnectException e) {
      producer.release();
      throw e;
    } catch (java.util.concurrent.TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
      producer.release();
      throw timedOut(topics, e);
    } catch (Exception e) {
      producer.release();
      throw (ConnectException) new ConnectException("connecting to " + where() + " failed: " + e).initCause(e);
    }
    KafkaDuplexConnection connection;
    try {
      connection = Sessions.open(uri, producer, topics, false, tls, Sessions.Hooks.NONE, () -> {});
    } catch (RuntimeException e) {
      producer.release();
      throw e;
    }
    awaitTls(connection, topics, deadline);
    return connection;
  }

  /** The dialer's TLS context (files read on each dial, as core's TLS transports do), or null for plain sessions. */
  private @Nullable SslContext dialerTls() {
    TlsOptions options = uri.tls();
    if (options == null) {
      if (WARNED_PLAIN.compareAndSet(false, true)) {
        log.warn("dialing {} without session TLS: anyone with read access to its topics reads the session,"
          + " bearer token included (add ca= and serverName=)", where());
      }
      return null;
    }
    if (options.serverName() == null) {
      throw new IllegalArgumentException("a kafka dialer with session TLS needs serverName=, the name in the"
          + " listener's certificate (the URI's host is the broker, not the listener): " + where());
    }
    return options.dialerContext();
  }

  /** Returns once the listener's certificate is verified and TLS is up; closes the session if not. */
  private void awaitTls(KafkaDuplexConnection connection, SessionTopics topics, long deadline) throws ConnectException {
    try {
      connection.ready().get(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      connection.dispose();
      throw (ConnectException) new ConnectException(
          "TLS with the listener at " + where() + " failed for session " + topics.id() + ": " + e.getCause())
          .initCause(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      connection.dispose();
      throw timedOut(topics, e);
    } catch (InterruptedException e) {
      connection.dispose();
      Thread.currentThread().interrupt();
      throw new ConnectException("interrupted while setting up TLS with " + where());
    }
  }

  private List<TopicPartition> partitions(Consumer<byte[], byte[]> consumer, String topic, long deadline)
      throws ConnectException {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, remaining(deadline));
    if (infos == null || infos.isEmpty()) {
      throw new ConnectException(
          "no Backchannel server at " + where() + ": topic '" + topic + "' does not exist (has a server bound it?)");
    }
    return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
  }

  private void awaitConfirmation(Consumer<byte[], byte[]> replies, String session, long deadline)
      throws ConnectException {
    byte[] key = ControlRecords.utf8(session);
    while (remaining(deadline).isPositive()) {
      for (ConsumerRecord<byte[], byte[]> record : replies.poll(remaining(deadline))) {
        if (!Arrays.equals(key, record.key())) {
          continue;
        }
        String kind = ControlRecords.kind(record);
        if (ControlRecords.ACCEPT.equals(kind)) {
          return;
        }
        if (ControlRecords.REJECT.equals(kind)) {
          throw new ConnectException(
              "server at " + where() + " rejected session " + session + ": " + ControlRecords.text(record.value()));
        }
      }
    }
    throw timedOut(SessionTopics.of(uri.topic(), session), null);
  }

  private ConnectException timedOut(SessionTopics topics, @Nullable Throwable cause) {
    ConnectException e = new ConnectException(
        "no confirmation of session " + topics.id() + " from " + where() + " within " + uri.connectTimeout().toMillis()
            + " ms (is a server consuming topic '" + uri.topic() + "' and the broker reachable?)");
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  private String where() {
    return "kafka://" + uri.bootstrapServers() + "/" + uri.topic();
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }
}
