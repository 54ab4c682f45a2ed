package io.backchannel.transport.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the topics of sessions that died without closing (a crashed client or server). A
 * session of this topic that is not live in this server is dead once neither of its topics has had
 * a record for {@code sessionIdleTimeout}: live sessions carry RSocket keepalives, so the timeout
 * must exceed the keepalive interval. Record times are broker times ({@code LogAppendTime}); a
 * session whose topics are still empty counts as idle from when the sweep first saw it. Runs on
 * its own daemon thread; {@link #sweep()} may also be called directly.
 */
final class SessionSweeper {
  private static final Logger log = LoggerFactory.getLogger(SessionSweeper.class);

  private final KafkaUri uri;
  private final Admin admin;
  private final Supplier<Set<String>> liveSessions;
  private final Map<String, Long> emptySince = new HashMap<>(); // guarded by this
  private final ScheduledExecutorService timer;

  SessionSweeper(KafkaUri uri, Admin admin, Supplier<Set<String>> liveSessions) {
    this.uri = uri;
    this.admin = admin;
    this.liveSessions = liveSessions;
    this.timer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("backchannel-kafka-sweep-" + uri.topic()).daemon().factory());
  }

  void start() {
    long interval = uri.sweepInterval().toMillis();
    if (interval > 0) {
      timer.scheduleWithFixedDelay(this::sweepQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }
  }

  void stop() {
    timer.shutdownNow();
  }

  private void sweepQuietly() {
    try {
      sweep();
    } catch (Exception e) {
      log.debug("sweeping dead sessions of {} failed; trying again later", uri.topic(), e);
    }
  }

  /** Deletes the topics of dead sessions; returns the ids of the sessions swept. */
  synchronized List<String> sweep() throws Exception {
    long timeout = uri.connectTimeout().toMillis();
    Map<String, List<String>> candidates = new HashMap<>();
    Set<String> live = liveSessions.get();
    for (String name : admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS)) {
      SessionTopics.sessionOf(uri.topic(), name)
          .filter(id -> !live.contains(id))
          .ifPresent(id -> candidates.computeIfAbsent(id, k -> new ArrayList<>()).add(name));
    }
    emptySince.keySet().retainAll(candidates.keySet());
    if (candidates.isEmpty()) {
      return List.of();
    }
    Map<TopicPartition, OffsetSpec> query = new HashMap<>();
    candidates.values().forEach(names -> names.forEach(n -> query.put(new TopicPartition(n, 0), OffsetSpec.maxTimestamp())));
    ListOffsetsResult offsets = admin.listOffsets(query);
    long now = System.currentTimeMillis();
    List<String> dead = new ArrayList<>();
    List<String> doomed = new ArrayList<>();
    for (Map.Entry<String, List<String>> session : candidates.entrySet()) {
      long latest = -1;
      try {
        for (String name : session.getValue()) {
          latest = Math.max(latest, offsets.partitionResult(new TopicPartition(name, 0))
              .get(timeout, TimeUnit.MILLISECONDS).timestamp());
        }
      } catch (ExecutionException e) {
        continue; // being deleted or not ready: look again next time
      }
      long idleSince = latest >= 0 ? latest : emptySince.computeIfAbsent(session.getKey(), k -> now);
      if (now - idleSince >= uri.sessionIdleTimeout().toMillis()) {
        dead.add(session.getKey());
        doomed.addAll(session.getValue());
      }
    }
    if (!doomed.isEmpty()) {
      log.info("deleting topics of {} dead session(s) of {}: {}", dead.size(), uri.topic(), dead);
      admin.deleteTopics(doomed).all().get(timeout, TimeUnit.MILLISECONDS);
      dead.forEach(emptySince::remove);
    }
    return dead;
  }
}
