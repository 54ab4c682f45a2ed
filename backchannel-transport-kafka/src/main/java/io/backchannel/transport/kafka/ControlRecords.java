package io.backchannel.transport.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

/**
 * Records that are not RSocket frames carry a {@code backchannel} header naming their kind: a
 * connection request ({@code connect}, key = session id, header {@code deadline} = epoch millis
 * after which the client no longer waits), its answer on the reply topic ({@code accept} or {@code
 * reject}, key = session id, value = reason), and the end of one direction of a session ({@code
 * close}; under session TLS only TLS's own close_notify counts). A request with header {@code tls}
 * asks for TLS 1.3 inside the session's records. Frame records have no headers, so telling them apart costs one empty-array check.
 */
final class ControlRecords {
  static final String KIND = "backchannel";
  static final String CONNECT = "connect";
  static final String ACCEPT = "accept";
  static final String REJECT = "reject";
  static final String CLOSE = "close";
  private static final String DEADLINE = "deadline";
  /** On a connection request: the session runs TLS 1.3 inside its records. */
  private static final String TLS = "tls";

  private ControlRecords() {}

  static ProducerRecord<byte[], byte[]> connect(String topic, String session, long deadlineMillis, boolean tls) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(KIND, utf8(CONNECT));
    if (tls) {
      headers.add(TLS, utf8("TLSv1.3"));
    }
    headers.add(DEADLINE, ByteBuffer.allocate(Long.BYTES).putLong(deadlineMillis).array());
    return new ProducerRecord<>(topic, null, utf8(session), null, headers);
  }

  static ProducerRecord<byte[], byte[]> answer(String replyTopic, String session, @Nullable String rejection) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(KIND, utf8(rejection == null ? ACCEPT : REJECT));
    return new ProducerRecord<>(replyTopic, null, utf8(session), rejection == null ? null : utf8(rejection), headers);
  }

  static ProducerRecord<byte[], byte[]> close(String topic) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(KIND, utf8(CLOSE));
    return new ProducerRecord<>(topic, 0, (byte[]) null, (byte[]) null, headers);
  }

  /**
   * The record's kind, or null for an RSocket frame. Anyone who may write the topic chose the
   * headers: a kind header without a value is an unknown kind (ignored), never an exception on the
   * thread that reads the topic for every session.
   */
  static @Nullable String kind(ConsumerRecord<byte[], byte[]> record) {
    Header h = record.headers().lastHeader(KIND);
    if (h == null) {
      return null;
    }
    return h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** Whether a connection request asks for session TLS. */
  static boolean tls(ConsumerRecord<byte[], byte[]> record) {
    return record.headers().lastHeader(TLS) != null;
  }

  /** The deadline of a connection request, or 0 if it has none or a malformed one. */
  static long deadline(ConsumerRecord<byte[], byte[]> record) {
    Header h = record.headers().lastHeader(DEADLINE);
    return h == null || h.value() == null || h.value().length != Long.BYTES ? 0 : ByteBuffer.wrap(h.value()).getLong();
  }

  static @Nullable String text(byte @Nullable [] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
