package io.backchannel.core.session;

import static io.backchannel.testing.RawNode.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.core.PeerBuilder;
import io.backchannel.testing.Closer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.RawNode;
import io.backchannel.testing.SilentNode;
import io.backchannel.testing.TestAuth;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.Channel;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.util.DefaultPayload;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Attacks through a hub's relay from raw rsocket-java clients holding real tokens, over real TCP:
 * a flood to a node that never reads, budgets meant to last forever, and never-ending relayed
 * streams. Relayed calls must be bounded and seen like the calls the hub serves itself.
 */
class RelayLimitsTest {
  private static final int FRAME = 32 * 1024;
  private static final int BATCHES = 10;
  private static final int PER_BATCH = 200;

  private final Closer closer = new Closer();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private Peer hub;

  @AfterEach
  void close() {
    closer.close();
  }

  @Test
  void aFloodToANodeThatNeverReadsStaysBoundedOnTheHubAndOtherTenantsAreServed() throws Exception {
    URI uri = hub(Peer.builder().maxRelayBufferBytes(1024 * 1024));
    SilentNode sink = closer.register(SilentNode.connect(uri, "acme", "acme-sink"));
    await().until(() -> hub.connection("acme-sink").isPresent());
    RSocket flooder = raw(uri, "acme", "acme-flood", null, channel -> {});

    // 64 MiB of fire-and-forget, paced by round trips so that the flooder never holds much itself.
    for (int batch = 0; batch < BATCHES; batch++) {
      for (int i = 0; i < PER_BATCH; i++) {
        flooder.fireAndForget(request("Greeter.remember", List.of("x".repeat(FRAME)), 10_000, "acme-sink")).subscribe();
      }
      RawNode.value(flooder.requestResponse(request("Greeter.hello", List.of("flood"))).block(Duration.ofSeconds(30)),
          String.class);
    }

    // Another tenant is served, directly and through the relay, while the sink is stuck.
    RSocket other = raw(uri, "globex", "globex-1", null, channel -> {});
    raw(uri, "globex", "globex-2", new RSocket() {
      @Override
      public Mono<Payload> requestResponse(Payload payload) {
        payload.release();
        return Mono.just(RawNode.payload("served by globex-2"));
      }
    }, channel -> {});
    await().until(() -> hub.connection("globex-2").isPresent());
    assertThat(RawNode.value(other.requestResponse(request("Greeter.hello", List.of("globex"))).block(Duration.ofSeconds(10)),
        String.class)).startsWith("hello globex");
    assertThat(RawNode.value(other.requestResponse(request("Any.thing", List.of(), 10_000, "globex-2"))
        .block(Duration.ofSeconds(10)), String.class)).isEqualTo("served by globex-2");

    // The sink reads at last. The first request relayed to it after the flood comes after
    // everything the hub had kept for it: far less than the flood.
    CompletableFuture<Integer> kept = CompletableFuture.supplyAsync(() -> {
      try {
        return sink.readFireAndForgetUntilRequestResponse();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, command -> Thread.ofVirtual().start(command));
    await().until(() -> {
      flooder.requestResponse(request("Any.thing", List.of(), 10_000, "acme-sink")).subscribe(Payload::release, e -> {});
      return kept.isDone();
    });
    assertThat(kept.get()).as("fire-and-forget frames the hub kept for the sink").isLessThan(BATCHES * PER_BATCH / 4);
    assertThat(refusals("relay_buffer")).isPositive();
    Timer relayed = meters.find("backchannel.calls").tag("direction", "relayed").tag("outcome", "ok").timer();
    assertThat(relayed).isNotNull();
    assertThat(relayed.count()).isGreaterThanOrEqualTo(kept.get() + 1L);
  }

  @Test
  void aRelayedCallGetsTheHubsDeadlineWhateverTheCallerAsks() {
    URI uri = hub(Peer.builder().maxDeadline(Duration.ofMillis(300)));
    Queue<Long> budgets = new ConcurrentLinkedQueue<>();
    raw(uri, "acme", "acme-slow", new RSocket() {
      @Override
      public Mono<Payload> requestResponse(Payload payload) {
        budgets.add(RawNode.deadline(payload));
        payload.release();
        return Mono.never();
      }
    }, channel -> {});
    await().until(() -> hub.connection("acme-slow").isPresent());
    RSocket caller = raw(uri, "acme", "acme-caller", null, channel -> {});

    AtomicReference<Throwable> failure = new AtomicReference<>();
    caller.requestResponse(request("Any.thing", List.of(), RawNode.FOREVER, "acme-slow")).subscribe(Payload::release, failure::set);

    await().until(() -> failure.get() != null);
    assertThat(RawNode.status(failure.get())).isEqualTo("DEADLINE_EXCEEDED");
    assertThat(budgets).singleElement().satisfies(budget -> assertThat(budget).isBetween(0L, 300L));
    await().until(() -> hub.connection("acme-caller").isPresent()
        && meters.get("backchannel.calls.active").tag("direction", "inbound").gauge().value() == 0);
    assertThat(meters.find("backchannel.calls").tag("direction", "relayed").tag("outcome", "DeadlineExceededException")
        .timer()).isNotNull();
  }

  @Test
  void neverEndingRelayedStreamsTakeTheCallersShareAndLeaveAnotherTenantServed() {
    URI uri = hub(Peer.builder().maxConcurrentCalls(8)); // a connection's share: 2
    raw(uri, "acme", "acme-sink", new RSocket() {
      @Override
      public Flux<Payload> requestStream(Payload payload) {
        payload.release();
        return Flux.never();
      }
    }, channel -> {});
    await().until(() -> hub.connection("acme-sink").isPresent());
    RSocket attacker = raw(uri, "acme", "acme-1", null, channel -> {});

    List<Throwable> refused = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      attacker.requestStream(request("Any.stream", List.of(), RawNode.FOREVER, "acme-sink"))
          .subscribe(item -> item.release(), error -> {
            synchronized (refused) {
              refused.add(error);
            }
          });
    }
    await().until(() -> {
      synchronized (refused) {
        return refused.size() >= 6;
      }
    });
    assertThat(refusals("connection")).isEqualTo(6);
    synchronized (refused) {
      assertThat(refused).hasSize(6).allSatisfy(e -> assertThat(RawNode.status(e)).isEqualTo("OVERLOADED"));
    }
    RSocket other = raw(uri, "globex", "globex-1", null, channel -> {});
    assertThat(RawNode.value(other.requestResponse(request("Greeter.hello", List.of("globex"))).block(Duration.ofSeconds(10)),
        String.class)).startsWith("hello globex");
  }

  @Test
  void leavingHubLetsRelayedCallsFinish() throws Exception {
    URI uri = hub(Peer.builder());
    CompletableFuture<Payload> answer = new CompletableFuture<>();
    AtomicInteger received = new AtomicInteger();
    raw(uri, "acme", "acme-slow", new RSocket() {
      @Override
      public Mono<Payload> requestResponse(Payload payload) {
        payload.release();
        received.incrementAndGet();
        return Mono.fromFuture(answer);
      }
    }, channel -> {});
    await().until(() -> hub.connection("acme-slow").isPresent());
    RSocket caller = raw(uri, "acme", "acme-caller", null, channel -> {});
    CompletableFuture<String> relayed = caller.requestResponse(request("Any.thing", List.of(), 60_000, "acme-slow"))
        .map(payload -> RawNode.value(payload, String.class)).toFuture();
    await().until(() -> received.get() == 1);

    AtomicReference<Thread> leaving = new AtomicReference<>();
    CompletableFuture<Void> left = CompletableFuture.runAsync(() -> hub.leave(Duration.ofMinutes(1)),
        command -> leaving.set(Thread.ofVirtual().start(command)));
    // The hub waits for the relayed call (or, if it did not count it, has already closed).
    await().until(() -> left.isDone() || waitsForCalls(leaving.get()));
    answer.complete(RawNode.payload("finished"));

    assertThat(relayed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("finished");
    // The raw nodes ignore the hub's request to move: they hold the leave one connect timeout at most.
    left.get(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  private static boolean waitsForCalls(Thread thread) {
    return thread != null && java.util.Arrays.stream(thread.getStackTrace())
        .anyMatch(frame -> frame.getMethodName().equals("awaitDrained"));
  }

  private URI hub(PeerBuilder builder) {
    hub = closer.register(builder.nodeId("console").authenticator(TestAuth.authenticator())
        .meterRegistry(meters).export(Greeter.class, new GreeterImpl("console")).build());
    return hub.listen("tcp://127.0.0.1:0").uri();
  }

  private RSocket raw(URI uri, String tenant, String nodeId, RSocket responder, java.util.function.Consumer<Channel> onChannel) {
    RSocket socket = RawNode.connect(uri, tenant, nodeId, responder, onChannel);
    closer.register(socket::dispose);
    return socket;
  }

  private double refusals(String reason) {
    var counter = meters.find("backchannel.calls.refused").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }
}
