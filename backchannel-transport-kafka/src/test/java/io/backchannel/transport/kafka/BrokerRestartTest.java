package io.backchannel.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rsocket.Closeable;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.util.DefaultPayload;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * The broker crashes (SIGKILL) in the middle of a call and a stream and comes back on the same
 * port with its data: frames written meanwhile arrive, none twice. Uses a broker of its own.
 */
class BrokerRestartTest {
  /** The caller's deadline for calls that span the outage. */
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static TestBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = TestBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void framesWrittenWhileTheBrokerIsAwayAreDeliveredOnceWhenItReturns() {
    URI uri = broker.uri(TestBroker.freshTopic("restart"), "");
    CompletableFuture<String> slowAnswer = new CompletableFuture<>();
    AtomicReference<FluxSink<Payload>> stream = new AtomicReference<>();
    List<String> handled = new CopyOnWriteArrayList<>();
    Closeable server = KafkaRSockets.serve(uri, (setup, sendingSocket) -> Mono.just(new RSocket() {
      @Override
      public Mono<Payload> requestResponse(Payload payload) {
        String data = payload.getDataUtf8();
        handled.add(data);
        return data.equals("slow")
            ? Mono.fromFuture(slowAnswer).map(DefaultPayload::create)
            : Mono.just(DefaultPayload.create("answer " + data));
      }

      @Override
      public Flux<Payload> requestStream(Payload payload) {
        return Flux.create(stream::set);
      }
    }));
    RSocket client = KafkaRSockets.connect(uri);
    List<String> streamed = new CopyOnWriteArrayList<>();
    AtomicInteger streamEnded = new AtomicInteger();
    client.requestStream(DefaultPayload.create("go"))
        .subscribe(p -> streamed.add(p.getDataUtf8()), e -> streamEnded.incrementAndGet(), streamEnded::incrementAndGet);
    CompletableFuture<String> slow = client.requestResponse(DefaultPayload.create("slow"))
        .map(Payload::getDataUtf8).timeout(DEADLINE).toFuture();
    await().atMost(KafkaRSockets.TIMEOUT).until(() -> stream.get() != null && handled.contains("slow"));
    IntStream.range(0, 50).forEach(i -> stream.get().next(DefaultPayload.create(Integer.toString(i))));
    await().atMost(KafkaRSockets.TIMEOUT).until(() -> streamed.size() == 50);

    broker.kill();
    slowAnswer.complete("slow answer");
    IntStream.range(50, 100).forEach(i -> stream.get().next(DefaultPayload.create(Integer.toString(i))));
    stream.get().complete();
    CompletableFuture<String> duringOutage = client.requestResponse(DefaultPayload.create("during outage"))
        .map(Payload::getDataUtf8).timeout(DEADLINE).toFuture();
    broker.restart();

    assertThat(slow).succeedsWithin(DEADLINE).isEqualTo("slow answer");
    assertThat(duringOutage).succeedsWithin(DEADLINE).isEqualTo("answer during outage");
    await().atMost(DEADLINE).until(() -> streamEnded.get() == 1);
    assertThat(streamed).containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(Integer::toString).toList());
    assertThat(handled).containsExactly("slow", "during outage");
    assertThat(client.isDisposed()).isFalse();
    KafkaRSockets.close(client);
    KafkaRSockets.close(server);
  }
}
