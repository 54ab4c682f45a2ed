package io.backchannel.core;

import static io.backchannel.testing.RawNode.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.testing.Closer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.RawNode;
import io.backchannel.testing.TestAuth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.exceptions.RejectedException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * Attacks on the responder's capacity from raw rsocket-java clients holding real tokens, over real
 * TCP: never-ending streams meant to take every slot, and budgets meant to last forever.
 */
class FairShareTest {
  private final Closer closer = new Closer();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @AfterEach
  void close() {
    closer.close();
  }

  @Test
  void oneTenantsNeverEndingStreamsLeaveAnotherTenantServed() {
    // 8 slots: by default a tenant gets half, a connection a quarter.
    URI uri = console(Peer.builder().maxConcurrentCalls(8));
    List<Stream> attack = new java.util.ArrayList<>();
    for (int node = 1; node <= 4; node++) {
      RSocket attacker = raw(uri, "acme", "acme-" + node);
      for (int i = 0; i < 8; i++) {
        attack.add(Stream.open(attacker, request("Greeter.firehose", List.of(), RawNode.FOREVER, null)));
      }
    }
    await().until(() -> attack.stream().allMatch(Stream::settled));

    List<Stream> admitted = attack.stream().filter(s -> s.items.get() > 0).toList();
    List<Stream> refused = attack.stream().filter(s -> !s.errors.isEmpty()).toList();
    assertThat(admitted).hasSize(4);
    assertThat(refused).hasSize(28).allSatisfy(s -> assertThat(s.errors.peek())
        .isInstanceOf(RejectedException.class).satisfies(e -> assertThat(RawNode.status(e)).isEqualTo("OVERLOADED")));

    RSocket victim = raw(uri, "globex", "globex-1");
    Payload answer = victim.requestResponse(request("Greeter.hello", List.of("globex"))).block(Duration.ofSeconds(10));
    assertThat(RawNode.value(answer, String.class)).startsWith("hello globex");
    assertThat(refusals("tenant") + refusals("connection")).isEqualTo(28);
  }

  @Test
  void threeTenantsFloodingTogetherLeaveAFourthServed() {
    // 12 slots: alone, a tenant would get 6; three at once must not fill the other 6.
    URI uri = console(Peer.builder().maxConcurrentCalls(12));
    List<Stream> attack = new java.util.ArrayList<>();
    for (String tenant : List.of("acme", "initech", "umbrella")) {
      for (int node = 1; node <= 4; node++) {
        RSocket attacker = raw(uri, tenant, tenant + "-" + node);
        for (int i = 0; i < 4; i++) {
          attack.add(Stream.open(attacker, request("Greeter.firehose", List.of(), RawNode.FOREVER, null)));
        }
      }
      await().until(() -> attack.stream().allMatch(Stream::settled));
    }
    long admitted = attack.stream().filter(s -> s.items.get() > 0).count();
    assertThat(admitted).as("streams the floods hold").isLessThan(12);
    assertThat(refusals("tenant")).isPositive();

    RSocket victim = raw(uri, "globex", "globex-1");
    Payload answer = victim.requestResponse(request("Greeter.hello", List.of("globex"))).block(Duration.ofSeconds(10));
    assertThat(RawNode.value(answer, String.class)).startsWith("hello globex");
  }

  @Test
  void aForeverBudgetIsCappedByTheResponder() {
    URI uri = console(Peer.builder().maxDeadline(Duration.ofMillis(300)));
    RSocket attacker = raw(uri, "acme", "acme-1");

    Stream forever = Stream.open(attacker, request("Greeter.firehose", List.of(), RawNode.FOREVER, null));

    await().until(() -> !forever.errors.isEmpty());
    assertThat(forever.items).hasValue(1);
    assertThat(RawNode.status(forever.errors.peek())).isEqualTo("DEADLINE_EXCEEDED");
    await().until(() -> meters.get("backchannel.calls.active").tag("direction", "inbound").gauge().value() == 0);
  }

  @Test
  void streamsPerConnectionAreCappedAndItsOtherCallsStillServed() {
    URI uri = console(Peer.builder().maxStreamsPerConnection(2));
    RSocket attacker = raw(uri, "acme", "acme-1");

    List<Stream> streams = List.of(
        Stream.open(attacker, request("Greeter.firehose", List.of(), 60_000, null)),
        Stream.open(attacker, request("Greeter.firehose", List.of(), 60_000, null)),
        Stream.open(attacker, request("Greeter.firehose", List.of(), 60_000, null)));
    await().until(() -> streams.stream().allMatch(Stream::settled));

    assertThat(streams.stream().filter(s -> s.items.get() > 0)).hasSize(2);
    assertThat(streams.stream().filter(s -> !s.errors.isEmpty()))
        .singleElement().satisfies(s -> assertThat(RawNode.status(s.errors.peek())).isEqualTo("OVERLOADED"));
    Payload answer = attacker.requestResponse(request("Greeter.hello", List.of("acme"))).block(Duration.ofSeconds(10));
    assertThat(RawNode.value(answer, String.class)).startsWith("hello acme");
    assertThat(refusals("streams")).isEqualTo(1);
  }

  private URI console(PeerBuilder builder) {
    Peer console = closer.register(builder.nodeId("console").authenticator(TestAuth.authenticator())
        .meterRegistry(meters).export(Greeter.class, new GreeterImpl("console")).build());
    return console.listen("tcp://127.0.0.1:0").uri();
  }

  private RSocket raw(URI uri, String tenant, String nodeId) {
    RSocket socket = RawNode.connect(uri, tenant, nodeId);
    closer.register(socket::dispose);
    return socket;
  }

  private double refusals(String reason) {
    var counter = meters.find("backchannel.calls.refused").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  /** A stream that asks for one item and then never for more: it stays open as long as the responder lets it. */
  static final class Stream extends BaseSubscriber<Payload> {
    final AtomicInteger items = new AtomicInteger();
    final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();

    static Stream open(RSocket socket, Payload request) {
      Stream stream = new Stream();
      socket.requestStream(request).subscribe(stream);
      return stream;
    }

    boolean settled() {
      return items.get() > 0 || !errors.isEmpty();
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
      subscription.request(1);
    }

    @Override
    protected void hookOnNext(Payload payload) {
      payload.release();
      items.incrementAndGet();
    }

    @Override
    protected void hookOnError(Throwable error) {
      errors.add(error);
    }
  }
}
