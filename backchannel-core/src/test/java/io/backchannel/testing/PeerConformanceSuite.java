package io.backchannel.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.NotConnectedException;
import io.backchannel.CallCancelledException;
import io.backchannel.CodecException;
import io.backchannel.ConnectionLostException;
import io.backchannel.DeadlineExceededException;
import io.backchannel.NoRouteException;
import io.backchannel.OverloadedException;
import io.backchannel.PayloadTooLargeException;
import io.backchannel.RemoteException;
import io.backchannel.UnknownRouteException;
import io.backchannel.core.CallOptions;
import io.backchannel.core.node.Connection;
import io.backchannel.core.Server;
import io.backchannel.core.Peer;
import io.backchannel.core.PeerBuilder;
import io.backchannel.core.node.Target;
import io.backchannel.core.observe.CallRecord;
import io.backchannel.core.observe.Direction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The behaviour every transport must show through the full Backchannel stack. A transport's test
 * extends this and names the URI to listen on. A "console" listens; a "sidecar" dials it; both
 * export {@link Greeter} and call each other over the one connection.
 */
public abstract class PeerConformanceSuite {
  protected Peer console;
  protected Peer sidecar;
  protected GreeterImpl consoleGreeter;
  protected GreeterImpl sidecarGreeter;
  protected Connection toConsole;
  private final Closer closer = new Closer();
  protected final Queue<CallRecord> slowCalls = new ConcurrentLinkedQueue<>();
  /** The console's clock: real time, which a test may move on to make a call slow. */
  protected final FakeTicker consoleClock = FakeTicker.onSystemTime();
  private static final java.util.concurrent.Executor VIRTUAL = task -> Thread.ofVirtual().start(task);

  /** Where the console listens, e.g. {@code tcp://127.0.0.1:0}. */
  protected abstract String listenUri();

  /** Stream items the transport under test asks for ahead ({@code TransportFactory.streamPrefetch}). */
  protected int streamPrefetch() {
    return io.backchannel.core.transport.TransportFactory.DEFAULT_STREAM_PREFETCH;
  }

  /** Transport-specific settings for both peers. */
  protected PeerBuilder configure(PeerBuilder builder) {
    return builder;
  }

  @BeforeEach
  void startPeers() {
    consoleGreeter = new GreeterImpl("console");
    sidecarGreeter = new GreeterImpl("sidecar-1");
    console = closer.register(configure(Peer.builder().nodeId("console").role("console"))
        .authenticator(TestAuth.authenticator())
        .export(Greeter.class, consoleGreeter)
        .maxConcurrentCalls(64)
        .maxConcurrentCallsPerTenant(64)
        .maxConcurrentCallsPerConnection(64)
        .ticker(consoleClock)
        .slowCallThreshold(Duration.ofSeconds(5))
        .slowCallListener(slowCalls::add)
        .build());
    sidecar = closer.register(configure(Peer.builder().nodeId("sidecar-1").tag("zone", "a"))
        .credential(TestAuth.token("sidecar-1"))
        .export(Greeter.class, sidecarGreeter)
        .build());
    consoleGreeter.peer = console;
    sidecarGreeter.peer = sidecar;
    Server listener = console.listen(listenUri());
    toConsole = sidecar.dial(listener.uri().toString());
    await().until(() -> console.connection("sidecar-1").isPresent());
  }

  @AfterEach
  void closePeers() {
    closer.close();
  }

  private Greeter sidecarFromConsole() {
    return console.proxy(Greeter.class, Target.node("sidecar-1"));
  }

  @Test
  void bothSidesKnowEachOther() {
    assertThat(toConsole.remote().nodeId()).isEqualTo("console");
    assertThat(toConsole.remote().role()).isEqualTo("console");
    assertThat(toConsole.remote().services()).containsExactly("Greeter");
    Connection toSidecar = console.connection("sidecar-1").orElseThrow();
    assertThat(toSidecar.remote().tags()).containsEntry("zone", "a");
  }

  @Test
  void callsFlowBothWaysOverTheDialedConnection() {
    assertThat(toConsole.proxy(Greeter.class).hello("ann")).isEqualTo("hello ann from console");
    assertThat(sidecarFromConsole().hello("bob")).isEqualTo("hello bob from sidecar-1");
    assertThat(sidecarFromConsole().hello("cy", 2)).isEqualTo("hello cy from sidecar-1;hello cy from sidecar-1;");
    assertThat(toConsole.proxy(Greeter.class).callBack("dee")).isEqualTo("via callback: hello dee from sidecar-1");
  }

  @Test
  void handlersRunOnVirtualThreads() {
    sidecarFromConsole().hello("x");
    assertThat(sidecarGreeter.handlerThreads).isNotEmpty().allMatch(Thread::isVirtual);
  }

  @Test
  void voidRequestResponseWaitsForTheHandler() {
    sidecarFromConsole().touch();
    assertThat(sidecarGreeter.touched).hasValue(1);
  }

  @Test
  void asynchronousStyles() throws Exception {
    Greeter greeter = sidecarFromConsole();
    // The handler answers only once released, so the stage below is registered before the future completes.
    CompletableFuture<String> blocked = greeter.blockAsync(60_000);
    CompletableFuture<Thread> completedOn = blocked.thenApply(s -> Thread.currentThread());
    assertThat(greeter.helloAsync("f").get(10, TimeUnit.SECONDS)).isEqualTo("hello f from sidecar-1");
    sidecarGreeter.release();
    assertThat(completedOn.get(10, TimeUnit.SECONDS).isVirtual()).isTrue();
    assertThat(blocked).isCompletedWithValue("finished");
    assertThat(greeter.helloMono("m").block(Duration.ofSeconds(10))).isEqualTo("hello m from sidecar-1");
  }

  @Test
  void fireAndForgetArrives() {
    sidecarFromConsole().remember("note-1");
    await().untilAsserted(() -> assertThat(sidecarGreeter.notes).containsExactly("note-1"));
  }

  @Test
  void requestStreamDeliversEveryItem() {
    assertThat(sidecarFromConsole().count(1000).collectList().block(Duration.ofSeconds(20)))
        .hasSize(1000)
        .startsWith(1, 2, 3)
        .endsWith(1000);
  }

  @Test
  void requestChannelStreamsBothWays() {
    List<String> result = sidecarFromConsole().upper(">", Flux.just("a", "b", "c")).collectList().block(Duration.ofSeconds(20));
    assertThat(result).containsExactly(">A", ">B", ">C");
  }

  @Test
  void aSlowConsumerSlowsTheProducer() {
    int consume = 300;
    takeOneAtATime(sidecarFromConsole().firehose(), consume);
    // Demand-driven: the producer ran ahead by at most the buffers on the way (the proxy's
    // queue, which holds the default prefetch, the transport's prefetch and the operators' queues),
    // never unbounded.
    int buffers = 384 + io.backchannel.core.transport.TransportFactory.DEFAULT_STREAM_PREFETCH + streamPrefetch();
    await().untilAsserted(() -> assertThat(sidecarGreeter.emitted.get()).isBetween(consume, consume + buffers));
  }

  @Test
  void aDirectlyDeliveredStreamAsksForWhatItsSubscriberRequests() {
    int consume = 300;
    Flux<Integer> items = CallOptions.directDelivery().call(() -> sidecarFromConsole().firehose());
    takeOneAtATime(items, consume);
    // No proxy queue on the way: only the transport's prefetch and the operators' queues.
    int buffers = 384 + streamPrefetch();
    await().untilAsserted(() -> assertThat(sidecarGreeter.emitted.get()).isBetween(consume, consume + buffers));
  }

  @Test
  void aDirectlyDeliveredChannelStreamsBothWays() {
    Flux<String> echoes = CallOptions.directDelivery()
        .call(() -> sidecarFromConsole().upper(">", Flux.range(0, 1000).map(String::valueOf)));
    assertThat(echoes.collectList().block(Duration.ofSeconds(20))).hasSize(1000).startsWith(">0", ">1").endsWith(">999");
  }

  /** Takes {@code count} of {@code items}, asking for one at a time, then cancels; returns once it has. */
  private static void takeOneAtATime(Flux<Integer> items, int count) {
    AtomicInteger received = new AtomicInteger();
    CompletableFuture<Void> done = new CompletableFuture<>();
    items.subscribe(new BaseSubscriber<Integer>() {
      @Override
      protected void hookOnSubscribe(Subscription subscription) {
        request(1);
      }

      @Override
      protected void hookOnNext(Integer value) {
        if (received.incrementAndGet() == count) {
          cancel();
          done.complete(null);
        } else {
          request(1);
        }
      }
    });
    done.join();
  }

  @Test
  void handlerExceptionsReachTheCallerTyped() {
    Greeter greeter = sidecarFromConsole();
    assertThatThrownBy(() -> greeter.fail("no greeting"))
        .isInstanceOf(GreetingException.class)
        .hasMessage("no greeting")
        .cause().isInstanceOf(RemoteException.class);
    assertThatThrownBy(() -> greeter.failUnchecked("bad name"))
        .isInstanceOfSatisfying(RemoteException.class, e -> {
          assertThat(e.remoteType()).isEqualTo(IllegalArgumentException.class.getName());
          assertThat(e.remoteMessage()).isEqualTo("bad name");
          assertThat(e.requestId()).hasSize(16);
        });
  }

  @Test
  void unknownRoutesFailClearly() {
    Unexported proxy = console.proxy(Unexported.class, Target.node("sidecar-1"));
    assertThatThrownBy(proxy::nothing)
        .isInstanceOf(UnknownRouteException.class)
        .hasMessageContaining("Unexported.nothing");
  }

  @Test
  void codecMismatchFailsAsCodecError() {
    IncompatibleGreeter proxy = console.proxy(IncompatibleGreeter.class, Target.node("sidecar-1"));
    assertThatThrownBy(() -> proxy.hello(List.of(1, 2)))
        .isInstanceOf(CodecException.class);
  }

  @Test
  void deadlineExceededCancelsTheRemoteHandler() {
    Greeter greeter = sidecarFromConsole();
    assertThatThrownBy(() -> CallOptions.deadline(Duration.ofMillis(200)).call(() -> greeter.block(60_000)))
        .isInstanceOf(DeadlineExceededException.class)
        .hasMessageContaining("Greeter.block");
    await().untilAsserted(() -> assertThat(sidecarGreeter.outcomes).containsExactly("interrupted"));
  }

  @Test
  void annotatedDeadlineApplies() {
    assertThatThrownBy(() -> sidecarFromConsole().blockWithAnnotatedDeadline(60_000))
        .isInstanceOf(DeadlineExceededException.class);
    await().untilAsserted(() -> assertThat(sidecarGreeter.outcomes).containsExactly("interrupted"));
  }

  @Test
  void interruptingABlockedCallerCancelsTheRemoteHandler() throws Exception {
    Greeter greeter = sidecarFromConsole();
    // A blocking call interrupted on the caller side cancels the handler on the callee side.
    CompletableFuture<Throwable> callerSaw = new CompletableFuture<>();
    Thread caller = Thread.ofVirtual().start(() -> {
      try {
        greeter.block(60_000);
        callerSaw.complete(null);
      } catch (RuntimeException e) {
        callerSaw.complete(e);
      }
    });
    assertThat(sidecarGreeter.blockStarted.await(10, TimeUnit.SECONDS)).isTrue();
    caller.interrupt();
    assertThat(callerSaw.get(10, TimeUnit.SECONDS)).isInstanceOf(CallCancelledException.class);
    await().untilAsserted(() -> assertThat(sidecarGreeter.outcomes).containsExactly("interrupted"));
  }

  @Test
  void handlersSeeTheirCallContext() {
    List<String> context = CallOptions.deadline(Duration.ofSeconds(20)).call(() -> sidecarFromConsole().context());
    long remaining = Long.parseLong(context.get(0));
    assertThat(remaining).isPositive().isLessThanOrEqualTo(20_000);
    assertThat(context.get(1)).hasSize(16).isEqualTo(context.get(2));
    assertThat(context.get(3)).isEqualTo("console");
    assertThat(context.get(4)).isEqualTo("Greeter.context");
  }

  @Test
  void overloadIsRefusedNotQueued() throws Exception {
    Greeter greeter = toConsole.proxy(Greeter.class); // the console allows 64 concurrent calls
    List<CompletableFuture<String>> blocked = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      blocked.add(CompletableFuture.supplyAsync(() -> greeter.block(60_000), VIRTUAL));
    }
    // Once all 64 handlers occupy the console, one more is refused at once, as safe to retry.
    await().until(() -> consoleGreeter.blocking() == 64);
    assertThatThrownBy(() -> greeter.hello("one too many"))
        .isInstanceOfSatisfying(OverloadedException.class, refused -> assertThat(refused.isSafeToRetry()).isTrue());
    sidecar.close();
    for (CompletableFuture<String> call : blocked) {
      assertThatThrownBy(call::get).isInstanceOf(ExecutionException.class);
    }
  }

  @Test
  void inFlightCallsFailWhenTheConnectionIsLost() throws Exception {
    Greeter greeter = sidecarFromConsole();
    CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> greeter.block(60_000), VIRTUAL);
    assertThat(sidecarGreeter.blockStarted.await(10, TimeUnit.SECONDS)).isTrue();
    toConsole.close();
    assertThatThrownBy(call::get).cause().isInstanceOf(ConnectionLostException.class);
    await().until(() -> console.connection("sidecar-1").isEmpty());
    assertThatThrownBy(() -> greeter.hello("gone")).isInstanceOf(NoRouteException.class);
    assertThatThrownBy(() -> toConsole.proxy(Greeter.class).hello("gone"))
        .isInstanceOf(NotConnectedException.class)
        .satisfies(e -> assertThat(((NotConnectedException) e).isSafeToRetry()).isTrue());
  }

  @Test
  void oversizePayloadsAreRefusedBeforeSending() {
    byte[] big = new byte[9 * 1024 * 1024];
    assertThatThrownBy(() -> sidecarFromConsole().echoPayload(big)).isInstanceOf(PayloadTooLargeException.class);
    assertThat(sidecarFromConsole().echoPayload(new byte[1024 * 1024])).isEqualTo("1048576 bytes");
  }

  @Test
  void slowCallsReachTheListener() throws Exception {
    sidecarFromConsole().hello("fast");
    // The console's handler holds the call while its clock moves past the 5 s threshold.
    CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> toConsole.proxy(Greeter.class).block(60_000), VIRTUAL);
    await().until(() -> consoleGreeter.blocking() == 1);
    consoleClock.advance(Duration.ofSeconds(6));
    consoleGreeter.release();
    assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("finished");
    await().untilAsserted(() -> assertThat(slowCalls)
        .anySatisfy(call -> {
          assertThat(call.route()).isEqualTo("Greeter.block");
          assertThat(call.direction()).isEqualTo(Direction.INBOUND);
          assertThat(call.remoteNode()).isEqualTo("sidecar-1");
        }));
    assertThat(slowCalls).noneMatch(call -> call.route().equals("Greeter.hello"));
  }
}
