package io.backchannel.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rsocket.Closeable;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.util.DefaultPayload;
import java.net.ConnectException;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Connection requests, confirmations, and what happens when nobody answers. */
class HandshakeTest {
  /** Answers every request with the setup data of its own connection. */
  private static final SocketAcceptor WHO_AM_I = (setup, sendingSocket) -> {
    String me = setup.getDataUtf8();
    return Mono.just(new RSocket() {
      @Override
      public Mono<Payload> requestResponse(Payload payload) {
        return Mono.just(DefaultPayload.create(me));
      }
    });
  };

  @Test
  void twentyClientsConnectingAtOnceEachGetTheirOwnSession() throws Exception {
    String topic = TestBroker.freshTopic("crowd");
    URI uri = TestBroker.shared().uri(topic, "connectTimeout=60s");
    Closeable server = KafkaRSockets.serve(uri, WHO_AM_I);

    List<RSocket> clients = Flux.range(0, 20)
        .flatMap(i -> KafkaRSockets.connector(uri)
            .setupPayload(DefaultPayload.create("client-" + i))
            .connect(KafkaRSockets.FACTORY.client(uri)), 20)
        .collectList()
        .block(KafkaRSockets.TIMEOUT.multipliedBy(2));

    List<String> answers = Flux.fromIterable(clients)
        .flatMap(c -> c.requestResponse(DefaultPayload.create("who am I?")).map(Payload::getDataUtf8))
        .collectList()
        .block(KafkaRSockets.TIMEOUT);
    assertThat(answers).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).mapToObj(i -> "client-" + i).toList());
    try (Admin admin = TestBroker.shared().admin()) {
      assertThat(sessionTopics(admin, topic)).hasSize(40);
    }
    clients.forEach(KafkaRSockets::close);
    KafkaRSockets.close(server);
  }

  @Test
  void connectingToATopicNobodyServesFailsClearly() {
    URI uri = TestBroker.shared().uri(TestBroker.freshTopic("nobody"), "connectTimeout=5s");

    assertThatThrownBy(() -> KafkaRSockets.connect(uri))
        .cause()
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("does not exist")
        .hasMessageContaining(uri.getPath().substring(1));
  }

  @Test
  void serverThatIsDownTimesOutAndNeverReplaysOldRequestsWhenItReturns() throws Exception {
    String topic = TestBroker.freshTopic("down");
    URI uri = TestBroker.shared().uri(topic, "connectTimeout=60s");
    URI impatient = TestBroker.shared().uri(topic, "connectTimeout=1500ms");
    Closeable first = KafkaRSockets.serve(uri, WHO_AM_I);
    RSocket handled = KafkaRSockets.connect(uri);
    KafkaRSockets.close(handled);
    KafkaRSockets.close(first);

    assertThatThrownBy(() -> KafkaRSockets.connect(impatient))
        .cause()
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("no confirmation")
        .hasMessageContaining("1500 ms");

    // The same group again: committed offsets skip the handled request, deadlines the expired one.
    Closeable second = KafkaRSockets.serve(uri, WHO_AM_I);
    RSocket fresh = KafkaRSockets.connector(uri)
        .setupPayload(DefaultPayload.create("fresh"))
        .connect(KafkaRSockets.FACTORY.client(uri))
        .block(KafkaRSockets.TIMEOUT);
    assertThat(fresh.requestResponse(DefaultPayload.create("?")).block(KafkaRSockets.TIMEOUT).getDataUtf8())
        .isEqualTo("fresh");
    try (Admin admin = TestBroker.shared().admin()) {
      // Requests are handled in order, so the fresh one being accepted means the old ones were seen.
      assertThat(sessionTopics(admin, topic)).hasSize(2);
    }
    KafkaRSockets.close(fresh);
    KafkaRSockets.close(second);
  }

  static Set<String> sessionTopics(Admin admin, String topic) throws Exception {
    return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
        .filter(n -> SessionTopics.sessionOf(topic, n).isPresent())
        .collect(java.util.stream.Collectors.toSet());
  }
}
