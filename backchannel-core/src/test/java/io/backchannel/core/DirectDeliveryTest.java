package io.backchannel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.internal.call.IoThreads;
import io.backchannel.testing.Closer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link CallOptions#directDelivery()}: results of the calls made in its block reach the caller on
 * the I/O thread that read them, without a hand-off to a worker; outside it they never do.
 */
class DirectDeliveryTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final Closer closer = new Closer();
  private final GreeterImpl console = new GreeterImpl("console");
  private final SimpleMeterRegistry consoleMeters = new SimpleMeterRegistry();
  private Greeter greeter;

  @BeforeEach
  void start() {
    Peer listener = closer.register(Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
        .meterRegistry(consoleMeters).export(Greeter.class, console).build());
    Peer sidecar = closer.register(Peer.builder().nodeId("sidecar").credential(TestAuth.token("sidecar")).build());
    greeter = sidecar.dial(listener.listen("tcp://127.0.0.1:0").uri().toString()).proxy(Greeter.class);
  }

  @AfterEach
  void stop() {
    closer.close();
  }

  @Test
  void streamItemsArriveOnTheIoThreadOnlyWhenAskedFor() {
    Flux<Integer> direct = CallOptions.directDelivery().call(() -> greeter.count(50));
    assertThat(direct.map(n -> IoThreads.isCurrentNonBlocking()).distinct().collectList().block(WAIT)).containsExactly(true);
    assertThat(greeter.count(50).map(n -> Thread.currentThread().isVirtual()).distinct().collectList().block(WAIT))
        .containsExactly(true);
  }

  @Test
  void channelEchoesArriveOnTheIoThread() {
    Flux<String> direct = CallOptions.directDelivery().call(() -> greeter.upper(">", Flux.just("a", "b", "c")));
    List<String> seen = direct.map(word -> word + IoThreads.isCurrentNonBlocking()).collectList().block(WAIT);
    assertThat(seen).containsExactly(">Atrue", ">Btrue", ">Ctrue");
  }

  @Test
  void aMonoSignalsOnTheIoThread() {
    Mono<String> direct = CallOptions.directDelivery().call(() -> greeter.helloMono("x"));
    assertThat(direct.map(value -> IoThreads.isCurrentNonBlocking()).block(WAIT)).isTrue();
    assertThat(greeter.helloMono("x").map(value -> Thread.currentThread().isVirtual()).block(WAIT)).isTrue();
  }

  @Test
  void futureCallbacksChainedBeforeTheResponseRunOnTheIoThread() throws Exception {
    CompletableFuture<String> pending = CallOptions.directDelivery().call(() -> greeter.blockAsync(60_000));
    assertThat(console.blockStarted.await(10, TimeUnit.SECONDS)).isTrue();
    // Only the I/O thread completes a stage of this future, so only it can run these callbacks. (With
    // an *Async stage chained too, its worker may help run them, as CompletableFuture allows.)
    CompletableFuture<Boolean> applied = pending.thenApply(value -> IoThreads.isCurrentNonBlocking());
    CompletableFuture<Boolean> derived = pending.thenApply(String::length).thenApply(n -> IoThreads.isCurrentNonBlocking());
    console.release();

    assertThat(applied.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(derived.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void asyncFutureCallbacksStayOnWorkers() throws Exception {
    CompletableFuture<String> future = CallOptions.directDelivery().call(() -> greeter.helloAsync("x"));
    assertThat(future.thenApplyAsync(value -> Thread.currentThread().isVirtual()).get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aSynchronousCallFromADirectlyDeliveredItemFailsAtOnce() {
    Flux<Integer> direct = CallOptions.directDelivery().call(() -> greeter.count(1));
    Flux<String> nested = direct.map(n -> greeter.hello("nested"));
    assertThat(nested.materialize().collectList().block(WAIT)).singleElement()
        .satisfies(signal -> assertThat(signal.getThrowable())
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("non-blocking thread"));
  }

  @Test
  void cancellingADirectStreamCancelsTheRemoteHandler() {
    Flux<Integer> direct = CallOptions.directDelivery().call(greeter::firehose);
    assertThat(direct.take(10).collectList().block(WAIT)).hasSize(10);
    await().until(() -> servedNow() == 0);
  }

  @Test
  void otherOptionsKeepDirectDelivery() {
    Flux<Integer> direct = CallOptions.directDelivery().withDeadline(Duration.ofSeconds(30)).call(() -> greeter.count(5));
    assertThat(direct.map(n -> IoThreads.isCurrentNonBlocking()).distinct().collectList().block(WAIT)).containsExactly(true);
  }

  private double servedNow() {
    return consoleMeters.get("backchannel.calls.active").tag("direction", "inbound").gauge().value();
  }
}
