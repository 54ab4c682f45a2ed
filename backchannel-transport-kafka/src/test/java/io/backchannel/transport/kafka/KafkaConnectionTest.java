package io.backchannel.transport.kafka;

import io.backchannel.testing.DuplexConnectionSuite;
import java.net.URI;
import java.time.Duration;

/**
 * The connection contract ({@link DuplexConnectionSuite}) over Kafka, one session per test on
 * the broker the module's tests share. The largest frame is the URI's {@code maxFrameSize}
 * (900 KiB by default): one record each, RSocket fragments above it.
 */
class KafkaConnectionTest extends DuplexConnectionSuite {
  @Override
  protected URI listenUri() {
    return TestBroker.shared().uri(TestBroker.freshTopic("connection"), "");
  }

  @Override
  protected Duration timeout() {
    return KafkaRSockets.TIMEOUT.multipliedBy(2);
  }

  /** Each frame is a broker round trip: fewer than over sockets, still many batches. */
  @Override
  protected int frameCount() {
    return 400;
  }
}
