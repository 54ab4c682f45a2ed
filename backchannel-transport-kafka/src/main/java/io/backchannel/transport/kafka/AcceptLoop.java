package io.backchannel.transport.kafka;

import io.rsocket.transport.ServerTransport.ConnectionAcceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's accept thread: reads connection requests with the server's consumer group, creates
 * each new session's topics (one admin call per poll batch), opens the server side of the session,
 * hands it to RSocket and confirms on the reply topic. Offsets are committed after each batch, so a
 * restarted server does not handle a request twice; a request whose topics already exist was
 * handled before and is skipped, and an expired request is dropped, its client having given up.
 * Only the accept thread touches the consumer; {@link #stop()} is thread-safe.
 */
final class AcceptLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(AcceptLoop.class);
  private static final Duration POLL = Duration.ofSeconds(1);

  private final KafkaUri uri;
  private final Admin admin;
  private final Producer<byte[], byte[]> producer;
  private final Function<SessionTopics, KafkaDuplexConnection> open;
  private final ConnectionAcceptor acceptor;
  private final Admission admission;
  private final Consumer<byte[], byte[]> consumer;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile boolean running = true;

  AcceptLoop(KafkaUri uri, Admin admin, Producer<byte[], byte[]> producer,
      Function<SessionTopics, KafkaDuplexConnection> open, ConnectionAcceptor acceptor, Admission admission) {
    this.admission = admission;
    this.uri = uri;
    this.admin = admin;
    this.producer = producer;
    this.open = open;
    this.acceptor = acceptor;
    this.consumer = new KafkaConsumer<>(KafkaConfigs.groupConsumer(uri));
  }

  /** Decides, before any topic is created, whether a connection request gets a session. */
  interface Admission {
    /** Null to accept (taking a pending slot), else why not; counts the refusal. */
    @Nullable String admit(boolean tlsRequested);

    /** Gives back the slot of an admitted request that got no session. */
    void release();
  }

  void start() {
    Thread thread = Thread.ofPlatform().name("backchannel-kafka-accept-" + uri.topic()).daemon().unstarted(this);
    thread.start();
  }

  /** Stops accepting; the future completes on the accept thread once no session can be opened. */
  CompletableFuture<Void> stop() {
    running = false;
    consumer.wakeup();
    return stopped;
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(uri.topic()));
      while (running) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = consumer.poll(POLL);
        } catch (WakeupException e) {
          continue;
        }
        List<SessionTopics> requested = requests(records);
        if (!requested.isEmpty()) {
          accept(requested);
        }
        if (!records.isEmpty()) {
          consumer.commitAsync();
        }
      }
      consumer.commitSync(Duration.ofSeconds(2));
    } catch (RuntimeException e) {
      if (running) {
        log.error("accept loop of {} failed; no new sessions will be accepted", uri.topic(), e);
      }
    } finally {
      try {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
      } finally {
        stopped.complete(null);
      }
    }
  }

  private List<SessionTopics> requests(ConsumerRecords<byte[], byte[]> records) {
    List<SessionTopics> requested = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      String session = ControlRecords.text(record.key());
      if (!ControlRecords.CONNECT.equals(ControlRecords.kind(record)) || session == null
          || !SessionTopics.isSessionId(session)) {
        log.debug("ignoring a record that is no connection request at {}", record.offset());
      } else if (ControlRecords.deadline(record) <= now) {
        log.debug("ignoring expired connection request of session {}", session);
      } else {
        String refusal = admission.admit(ControlRecords.tls(record));
        if (refusal == null) {
          requested.add(SessionTopics.of(uri.topic(), session));
        } else {
          log.warn("refusing session {} of {}: {}", session, uri.topic(), refusal);
          reply(session, refusal);
        }
      }
    }
    return requested;
  }

  private void accept(List<SessionTopics> requested) {
    List<NewTopic> newTopics = new ArrayList<>();
    for (SessionTopics s : requested) {
      for (String name : s.both()) {
        newTopics.add(new NewTopic(name, 1, uri.replicationFactor()).configs(KafkaConfigs.sessionTopic(uri)));
      }
    }
    CreateTopicsResult created = admin.createTopics(newTopics);
    for (SessionTopics s : requested) {
      String problem = null;
      try {
        for (String name : s.both()) {
          // createTopics answers every topic it was given.
          Objects.requireNonNull(created.values().get(name), name).get(uri.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TopicExistsException) {
          log.debug("session {} was handled before; skipping its repeated request", s.id());
          admission.release();
          continue;
        }
        problem = "cannot create session topics: " + e.getCause();
      } catch (Exception e) {
        problem = "cannot create session topics: " + e;
      }
      answer(s, problem);
    }
  }

  private void answer(SessionTopics session, @Nullable String problem) {
    if (problem == null) {
      try {
        KafkaDuplexConnection connection = open.apply(session);
        // The Mono ends when SETUP has been handled, not when the connection closes: only log it.
        acceptor.apply(connection).subscribe(null, e -> log.debug("session {} was not set up", session.id(), e));
      } catch (RuntimeException e) {
        problem = "cannot open the session: " + e;
        admin.deleteTopics(session.both());
      }
    }
    if (problem != null) {
      log.warn("rejecting session {}: {}", session.id(), problem);
      admission.release();
    }
    reply(session.id(), problem);
  }

  private void reply(String session, @Nullable String problem) {
    producer.send(ControlRecords.answer(uri.replyTopic(), session, problem), (metadata, error) -> {
      if (error != null) {
        log.warn("could not answer session {}", session, error);
      }
    });
  }
}
