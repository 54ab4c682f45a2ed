package io.backchannel.transport.kafka;

import io.backchannel.core.PeerBuilder;
import io.backchannel.testing.PeerConformanceSuite;
import java.time.Duration;

/**
 * The full Backchannel behavioural suite (reverse calls, every interaction model, deadlines,
 * errors, overload, lost connections) over Kafka, against the real broker the module's tests share.
 */
class KafkaPeerTest extends PeerConformanceSuite {
  @Override
  protected String listenUri() {
    return TestBroker.shared().uri(TestBroker.freshTopic("peer"), "").toString();
  }

  @Override
  protected PeerBuilder configure(PeerBuilder builder) {
    // Broker round trips are slower than sockets: give calls that are not about deadlines room.
    return builder.defaultDeadline(Duration.ofSeconds(60)).connectTimeout(Duration.ofSeconds(30));
  }

  @Override
  protected int streamPrefetch() {
    return 1_024; // KafkaTransportFactory's default: each REQUEST_N crosses the broker
  }
}
