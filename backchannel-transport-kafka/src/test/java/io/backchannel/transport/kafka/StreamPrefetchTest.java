package io.backchannel.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.backchannel.RemoteService;
import io.backchannel.core.Peer;
import io.backchannel.testing.Closer;
import io.backchannel.testing.TestAuth;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Over Kafka every REQUEST_N crosses the broker, so a stream's receiver asks for the transport's
 * prefetch (1,024 items by default, {@code streamPrefetch} in the URI) at a time, not the proxy's 256.
 */
class StreamPrefetchTest {
  private final Closer closer = new Closer();

  @AfterEach
  void close() {
    closer.close();
  }

  @RemoteService("Numbers")
  public interface Numbers {
    Flux<Integer> count(int n);
  }

  /** Records the demand the responder receives from the wire. */
  static final class Recording implements Numbers {
    final Queue<Long> requests = new ConcurrentLinkedQueue<>();

    @Override
    public Flux<Integer> count(int n) {
      return Flux.range(0, n).doOnRequest(requests::add);
    }
  }

  @Test
  void aStreamOverKafkaAsksForTheTransportsPrefetch() {
    Recording served = new Recording();
    assertThat(stream(served, "")).hasSize(4_096);
    assertThat(served.requests.peek()).as("the first demand that crossed the broker").isEqualTo(1_024);
    assertThat(served.requests).as("demand frames for 4,096 items").hasSizeLessThanOrEqualTo(8);
  }

  @Test
  void theUriSetsThePrefetch() {
    Recording served = new Recording();
    assertThat(stream(served, "streamPrefetch=256")).hasSize(4_096);
    assertThat(served.requests.peek()).isEqualTo(256);
  }

  private java.util.List<Integer> stream(Recording served, String query) {
    Peer console = closer.register(Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
        .connectTimeout(Duration.ofSeconds(30)).export(Numbers.class, served).build());
    String uri = console.listen(TestBroker.shared().uri(TestBroker.freshTopic("prefetch"), query).toString()).uri().toString();
    Peer sidecar = closer.register(Peer.builder().nodeId("sidecar").credential(TestAuth.token("sidecar"))
        .connectTimeout(Duration.ofSeconds(30)).build());
    Numbers numbers = sidecar.dial(uri).proxy(Numbers.class);
    return numbers.count(4_096).collectList().block(Duration.ofSeconds(60));
  }
}
