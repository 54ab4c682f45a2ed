package io.backchannel.transport.kafka;

import io.rsocket.Closeable;
import io.rsocket.transport.ServerTransport.ConnectionAcceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A running Kafka server transport: its accept thread, its live sessions, and the sweep of dead
 * ones. A session's topics are deleted when its server side closes. {@link #dispose()} stops
 * accepting, closes every session, and completes {@link #onClose()} once their consumers are
 * closed and the topic deletions were sent. Thread-safe.
 */
final class KafkaListener implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(KafkaListener.class);

  private final KafkaUri uri;
  private final Admin admin;
  private final SharedProducer producer;
  private final Map<String, KafkaDuplexConnection> sessions = new ConcurrentHashMap<>();
  private final AcceptLoop acceptLoop;
  private final SessionSweeper sweeper;
  private final AtomicBoolean disposed = new AtomicBoolean();
  private final Sinks.Empty<Void> onClose = Sinks.empty();

  private KafkaListener(KafkaUri uri, Admin admin, ConnectionAcceptor acceptor) {
    this.uri = uri;
    this.admin = admin;
    this.producer = SharedProducer.acquire(uri);
    this.acceptLoop = new AcceptLoop(uri, admin, producer.producer(), this::open, acceptor);
    this.sweeper = new SessionSweeper(uri, admin, () -> Set.copyOf(sessions.keySet()));
  }

  /** Creates the request and reply topics if missing and starts accepting. Blocks on the broker. */
  static KafkaListener start(KafkaUri uri, ConnectionAcceptor acceptor) throws Exception {
    Admin admin = Admin.create(KafkaConfigs.admin(uri));
    try {
      createIfMissing(uri, admin);
      KafkaListener listener = new KafkaListener(uri, admin, acceptor);
      listener.acceptLoop.start();
      listener.sweeper.start();
      return listener;
    } catch (Exception e) {
      admin.close(Duration.ZERO);
      throw e;
    }
  }

  private static void createIfMissing(KafkaUri uri, Admin admin) throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    for (String name : List.of(uri.topic(), uri.replyTopic())) {
      topics.add(new NewTopic(name, 1, uri.replicationFactor()).configs(KafkaConfigs.handshakeTopic()));
    }
    for (var result : admin.createTopics(topics).values().values()) {
      try {
        result.get(uri.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
  }

  /** Deletes the topics of dead sessions now; returns their ids. Also runs every {@code sweepInterval}. */
  List<String> sweep() throws Exception {
    return sweeper.sweep();
  }

  private KafkaDuplexConnection open(SessionTopics topics) {
    KafkaDuplexConnection connection = Sessions.open(uri, SharedProducer.acquire(uri), topics, true, () -> {
      sessions.remove(topics.id());
      admin.deleteTopics(topics.both()).all().whenComplete((ok, error) -> {
        if (error != null) {
          log.debug("deleting the topics of session {} failed; the sweep will", topics.id(), error);
        }
      });
    });
    sessions.put(topics.id(), connection);
    return connection;
  }

  @Override
  public void dispose() {
    if (!disposed.compareAndSet(false, true)) {
      return;
    }
    sweeper.stop();
    // Close sessions only once the accept thread can no longer open one.
    acceptLoop.stop().whenComplete((ok, error) -> {
      List<Mono<Void>> closing = new ArrayList<>();
      for (KafkaDuplexConnection session : sessions.values()) {
        session.dispose();
        closing.add(session.onClose());
      }
      Mono.whenDelayError(closing).subscribe(null, e -> finish(), this::finish);
    });
  }

  private void finish() {
    producer.release();
    Thread.ofVirtual().name("backchannel-kafka-admin-close").start(() -> {
      // Waits for the topic deletions already sent.
      admin.close(Duration.ofSeconds(5));
      onClose.tryEmitEmpty();
    });
  }

  @Override
  public boolean isDisposed() {
    return disposed.get();
  }

  @Override
  public Mono<Void> onClose() {
    return onClose.asMono();
  }

  @Override
  public String toString() {
    return "KafkaListener{kafka://" + uri.bootstrapServers() + "/" + uri.topic() + ", sessions=" + sessions.size() + "}";
  }
}
