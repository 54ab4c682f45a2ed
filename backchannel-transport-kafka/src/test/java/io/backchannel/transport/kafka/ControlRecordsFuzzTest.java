package io.backchannel.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the decoding of records anyone with write access to a topic can append: the kind and
 * deadline headers, the session id key and the session topic names derived from it. Both the
 * accept loop (one per listener, serving every tenant) and each session's reader decode these on
 * their only thread, so nothing here may throw: a bad record is ignored, never fatal.
 */
class ControlRecordsFuzzTest {
  private static final String[] HEADER_NAMES = {ControlRecords.KIND, "deadline", "other"};

  @FuzzTest(maxDuration = "60s")
  void hostileRecord(FuzzedDataProvider data) {
    RecordHeaders headers = new RecordHeaders();
    int count = data.consumeInt(0, 4);
    for (int i = 0; i < count; i++) {
      String name = data.pickValue(HEADER_NAMES);
      headers.add(name, data.consumeBoolean() ? null : data.consumeBytes(data.consumeInt(0, 64)));
    }
    byte[] key = data.consumeBoolean() ? null : data.consumeBytes(data.consumeInt(0, 64));
    byte[] value = data.consumeBoolean() ? null : data.consumeRemainingAsBytes();
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("bc.sessions", 0, 0L, 0L, TimestampType.CREATE_TIME,
        key == null ? -1 : key.length, value == null ? -1 : value.length, key, value, headers, Optional.empty());

    String kind = ControlRecords.kind(record);
    long deadline = ControlRecords.deadline(record);
    String session = ControlRecords.text(record.key());
    if (session != null && SessionTopics.isSessionId(session)) {
      SessionTopics topics = SessionTopics.of("bc.sessions", session);
      assertThat(topics.both()).allSatisfy(name -> assertThat(SessionTopics.sessionOf("bc.sessions", name)).contains(session));
    }
    if (headers.lastHeader(ControlRecords.KIND) == null) {
      assertThat(kind).as("a record without a kind header is a frame").isNull();
    }
    assertThat(deadline).isNotNull();
  }

  /** The first finding, kept as a plain test: headers without a value. */
  @Test
  void headersWithoutAValueAreIgnored() {
    RecordHeaders headers = new RecordHeaders();
    headers.add(ControlRecords.KIND, null);
    headers.add("deadline", null);
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("bc.sessions", 0, 0L, 0L, TimestampType.CREATE_TIME,
        36, -1, ControlRecords.utf8("00000000-0000-0000-0000-000000000000"), null, headers, Optional.empty());
    assertThat(ControlRecords.kind(record)).isNotEqualTo(ControlRecords.CONNECT).isNotNull();
    assertThat(ControlRecords.deadline(record)).isZero();
  }
}
