package io.backchannel.transport.kafka;

import io.backchannel.testing.Closer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rsocket.Closeable;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.exceptions.ApplicationErrorException;
import io.rsocket.util.DefaultPayload;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Every RSocket interaction, both directions, over one session on a real broker. */
class RSocketOverKafkaTest {
  private static final Queue<String> fireAndForgets = new ConcurrentLinkedQueue<>();
  private static final AtomicLong streamRequested = new AtomicLong();
  private static final AtomicInteger streamEmitted = new AtomicInteger();
  private static final AtomicReference<RSocket> clientFacing = new AtomicReference<>();
  private static Closeable server;
  private static RSocket client;

  @BeforeAll
  static void connect() {
    URI uri = TestBroker.shared().uri(TestBroker.freshTopic("rsocket"), "");
    server = KafkaRSockets.serve(uri, (setup, sendingSocket) -> {
      clientFacing.set(sendingSocket);
      return Mono.just(new Service());
    });
    client = KafkaRSockets.connector(uri)
        .acceptor(SocketAcceptor.forRequestResponse(p -> Mono.just(DefaultPayload.create("client got " + p.getDataUtf8()))))
        .connect(KafkaRSockets.FACTORY.client(uri))
        .block(KafkaRSockets.TIMEOUT);
  }

  @AfterAll
  static void close() {
    Closer closer = new Closer();
    if (server != null) {
      closer.register(() -> KafkaRSockets.close(server));
    }
    if (client != null) {
      closer.register(() -> KafkaRSockets.close(client));
    }
    closer.close();
  }

  @Test
  void requestResponseCarriesDataAndMetadata() {
    Payload reply = client.requestResponse(DefaultPayload.create("ping", "meta")).block(KafkaRSockets.TIMEOUT);

    assertThat(reply.getDataUtf8()).isEqualTo("echo ping");
    assertThat(reply.getMetadataUtf8()).isEqualTo("meta");
  }

  @Test
  void manyRequestsInFlightAllGetTheirOwnAnswer() {
    List<String> replies = Flux.range(0, 200)
        .flatMap(i -> client.requestResponse(DefaultPayload.create("n" + i)).map(Payload::getDataUtf8), 32)
        .collectList()
        .block(KafkaRSockets.TIMEOUT);

    assertThat(replies).hasSize(200).doesNotHaveDuplicates().allMatch(r -> r.startsWith("echo n"));
  }

  @Test
  void fireAndForgetArrives() {
    client.fireAndForget(DefaultPayload.create("fnf-1")).block(KafkaRSockets.TIMEOUT);

    await().atMost(KafkaRSockets.TIMEOUT).until(() -> fireAndForgets.contains("fnf-1"));
  }

  @Test
  void requestStreamHonoursBackpressure() {
    List<String> received = new CopyOnWriteArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<Boolean> completed = new AtomicReference<>(false);
    BaseSubscriber<Payload> subscriber = new BaseSubscriber<>() {
      @Override
      protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
        request(3);
      }

      @Override
      protected void hookOnNext(Payload value) {
        received.add(value.getDataUtf8());
      }

      @Override
      protected void hookOnError(Throwable t) {
        failure.set(t);
      }

      @Override
      protected void hookOnComplete() {
        completed.set(true);
      }
    };
    client.requestStream(DefaultPayload.create("100")).subscribe(subscriber);

    await().atMost(KafkaRSockets.TIMEOUT).until(() -> received.size() == 3);
    assertThat(streamRequested.get()).isEqualTo(3);
    assertThat(streamEmitted.get()).isEqualTo(3);

    subscriber.request(Long.MAX_VALUE);
    await().atMost(KafkaRSockets.TIMEOUT).until(completed::get);
    assertThat(failure.get()).isNull();
    assertThat(received).hasSize(100).startsWith("0", "1", "2").endsWith("99");
  }

  @Test
  void requestChannelStreamsBothWays() {
    List<String> replies = client.requestChannel(Flux.range(0, 20).map(i -> DefaultPayload.create("c" + i)))
        .map(Payload::getDataUtf8)
        .collectList()
        .block(KafkaRSockets.TIMEOUT);

    assertThat(replies).hasSize(20).first().isEqualTo("C0");
    assertThat(replies).last().isEqualTo("C19");
  }

  @Test
  void serverCallsTheClient() {
    Payload reply = clientFacing.get().requestResponse(DefaultPayload.create("hello")).block(KafkaRSockets.TIMEOUT);

    assertThat(reply.getDataUtf8()).isEqualTo("client got hello");
  }

  @Test
  void handlerErrorsReachTheCaller() {
    assertThatThrownBy(() -> client.requestResponse(DefaultPayload.create("fail")).block(KafkaRSockets.TIMEOUT))
        .isInstanceOf(ApplicationErrorException.class)
        .hasMessage("asked to fail");
    assertThat(client.requestResponse(DefaultPayload.create("after")).block(KafkaRSockets.TIMEOUT).getDataUtf8())
        .isEqualTo("echo after");
  }

  private static final class Service implements RSocket {
    @Override
    public Mono<Payload> requestResponse(Payload payload) {
      String data = payload.getDataUtf8();
      if (data.equals("fail")) {
        return Mono.error(new IllegalArgumentException("asked to fail"));
      }
      return Mono.just(DefaultPayload.create("echo " + data, payload.hasMetadata() ? payload.getMetadataUtf8() : null));
    }

    @Override
    public Mono<Void> fireAndForget(Payload payload) {
      fireAndForgets.add(payload.getDataUtf8());
      return Mono.empty();
    }

    @Override
    public Flux<Payload> requestStream(Payload payload) {
      int n = Integer.parseInt(payload.getDataUtf8());
      return Flux.range(0, n)
          .doOnRequest(r -> streamRequested.addAndGet(Math.min(r, Long.MAX_VALUE - streamRequested.get())))
          .doOnNext(i -> streamEmitted.incrementAndGet())
          .map(i -> DefaultPayload.create(Integer.toString(i)));
    }

    @Override
    public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
      return Flux.from(payloads).map(p -> DefaultPayload.create(p.getDataUtf8().toUpperCase(Locale.ROOT)));
    }
  }
}
