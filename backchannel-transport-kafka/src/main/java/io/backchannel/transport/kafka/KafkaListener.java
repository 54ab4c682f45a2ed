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
import io.netty.handler.ssl.SslContext;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.jspecify.annotations.Nullable;
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
  private final @Nullable SslContext tls;
  private final SessionRefusals refusals;
  /** Sessions admitted that have not delivered a frame yet; at most {@code maxPendingSessions}. */
  private final AtomicInteger pending = new AtomicInteger();
  private final ScheduledExecutorService firstFrameTimer;
  private final AcceptLoop acceptLoop;
  private final SessionSweeper sweeper;
  private final AtomicBoolean disposed = new AtomicBoolean();
  private final Sinks.Empty<Void> onClose = Sinks.empty();

  private KafkaListener(KafkaUri uri, Admin admin, ConnectionAcceptor acceptor, @Nullable SslContext tls) {
    this.uri = uri;
    this.admin = admin;
    this.tls = tls;
    this.refusals = new SessionRefusals(uri.topic());
    this.firstFrameTimer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("backchannel-kafka-first-frame-" + uri.topic()).daemon().factory());
    this.producer = SharedProducer.acquire(uri);
    this.acceptLoop = new AcceptLoop(uri, admin, producer.producer(), this::open, acceptor, new AcceptLoop.Admission() {
      @Override
      public @Nullable String admit(boolean tlsRequested) {
        return KafkaListener.this.admit(tlsRequested);
      }

      @Override
      public void release() {
        pending.decrementAndGet();
      }
    });
    this.sweeper = new SessionSweeper(uri, admin, () -> Set.copyOf(sessions.keySet()));
  }

  /** Creates the request and reply topics if missing and starts accepting. Blocks on the broker. */
  static KafkaListener start(KafkaUri uri, ConnectionAcceptor acceptor) throws Exception {
    // Read the certificate before touching the broker, so a bad file fails at once.
    SslContext tls = uri.tls() == null ? null : uri.tls().listenerContext();
    if (tls == null) {
      log.warn("listening on kafka://{}/{} without session TLS: anyone with read access to its topics reads"
          + " every session, bearer tokens included, and anyone with write access forges frames (add cert= and key=)",
          uri.bootstrapServers(), uri.topic());
    }
    Admin admin = Admin.create(KafkaConfigs.admin(uri));
    try {
      createIfMissing(uri, admin);
      KafkaListener listener = new KafkaListener(uri, admin, acceptor, tls);
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
    awaitMetadata(uri, admin);
  }

  /**
   * Waits until a broker's metadata shows both topics: creation completes on the controller
   * first, and a client dialing right after {@code listen} returned must find them.
   */
  private static void awaitMetadata(KafkaUri uri, Admin admin) throws Exception {
    long deadline = System.nanoTime() + uri.connectTimeout().toNanos();
    while (true) {
      try {
        admin.describeTopics(List.of(uri.topic(), uri.replyTopic())).allTopicNames()
            .get(uri.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
            || System.nanoTime() - deadline > 0) {
          throw e;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // metadata lags by milliseconds
      }
    }
  }

  /** Deletes the topics of dead sessions now; returns their ids. Also runs every {@code sweepInterval}. */
  List<String> sweep() throws Exception {
    return sweeper.sweep();
  }

  /** Refusals so far by reason (see {@link SessionRefusals}); also in the meter {@code backchannel.kafka.sessions.refused}. */
  Map<String, Long> refusals() {
    return refusals.snapshot();
  }

  private @Nullable String admit(boolean tlsRequested) {
    if (tlsRequested != (tls != null)) {
      refusals.count(SessionRefusals.TLS_MISMATCH);
      return tls != null
          ? "this listener requires session TLS: dial with ca= and serverName= (the listener's certificate name)"
          : "this listener has no session TLS (no cert=/key=): dial without ca=/serverName=, or give the listener a certificate";
    }
    if (pending.incrementAndGet() > uri.maxPendingSessions()) {
      pending.decrementAndGet();
      refusals.count(SessionRefusals.PENDING_LIMIT);
      return "too many sessions waiting for their first frame (maxPendingSessions=" + uri.maxPendingSessions()
          + "); try again later";
    }
    return null;
  }

  /** Opens an admitted session; it holds a pending slot until its first frame, its first-frame timeout or its close. */
  private KafkaDuplexConnection open(SessionTopics topics) {
    AtomicBoolean slotHeld = new AtomicBoolean(true);
    Runnable releaseSlot = () -> {
      if (slotHeld.compareAndSet(true, false)) {
        pending.decrementAndGet();
      }
    };
    Sessions.Hooks hooks = new Sessions.Hooks(releaseSlot, () -> refusals.count(SessionRefusals.INTEGRITY));
    KafkaDuplexConnection connection = Sessions.open(uri, SharedProducer.acquire(uri), topics, true, tls, hooks, () -> {
      releaseSlot.run();
      sessions.remove(topics.id());
      admin.deleteTopics(topics.both()).all().whenComplete((ok, error) -> {
        if (error != null) {
          log.debug("deleting the topics of session {} failed; the sweep will", topics.id(), error);
        }
      });
    });
    sessions.put(topics.id(), connection);
    firstFrameTimer.schedule(() -> {
      if (slotHeld.get() && !connection.isDisposed()) {
        refusals.count(SessionRefusals.FIRST_FRAME_TIMEOUT);
        log.warn("closing session {} of {}: no frame within firstFrameTimeout={} ms", topics.id(), uri.topic(),
            uri.firstFrameTimeout().toMillis());
        connection.fail(new java.util.concurrent.TimeoutException(
            "no frame within firstFrameTimeout=" + uri.firstFrameTimeout().toMillis() + " ms"));
      }
    }, uri.firstFrameTimeout().toMillis(), TimeUnit.MILLISECONDS);
    return connection;
  }

  @Override
  public void dispose() {
    if (!disposed.compareAndSet(false, true)) {
      return;
    }
    sweeper.stop();
    firstFrameTimer.shutdownNow();
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
