package io.backchannel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.internal.call.IoThreads;
import io.backchannel.testing.Closer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A proxy's future is completed on the I/O thread that read the response, yet application code
 * never runs there: callbacks chained before the response run on a worker (virtual) thread.
 */
class FutureCallbacksTest {
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
  void callbacksChainedBeforeTheResponseRunOnAVirtualThread() throws Exception {
    CompletableFuture<String> pending = greeter.blockAsync(60_000);
    assertThat(console.blockStarted.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Boolean> applied = pending.thenApply(value -> Thread.currentThread().isVirtual());
    CompletableFuture<Boolean> completed = new CompletableFuture<>();
    pending.whenComplete((value, error) -> completed.complete(Thread.currentThread().isVirtual()));
    CompletableFuture<Boolean> derived = pending.thenApplyAsync(String::length).thenApply(n -> Thread.currentThread().isVirtual());
    console.release();

    assertThat(applied.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(completed.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(derived.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(pending.join()).isEqualTo("finished");
  }

  @Test
  void aCallbackGivenADirectExecutorRunsOnTheIoThreadThatReadTheResponse() throws Exception {
    CompletableFuture<String> pending = greeter.blockAsync(60_000);
    assertThat(console.blockStarted.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Boolean> onIoThread = new CompletableFuture<>();
    pending.whenCompleteAsync((value, error) -> onIoThread.complete(IoThreads.isCurrentNonBlocking()), Runnable::run);
    console.release();

    assertThat(onIoThread.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aCallbackChainedAfterTheResponseRunsOnTheThreadThatChainsIt() {
    CompletableFuture<String> done = greeter.helloAsync("x");
    await().until(done::isDone);
    Thread self = Thread.currentThread();
    assertThat(done.thenApply(value -> Thread.currentThread() == self).join()).isTrue();
  }

  @Test
  void cancellingTheFutureCancelsTheRemoteHandler() throws Exception {
    CompletableFuture<String> pending = greeter.blockAsync(60_000);
    assertThat(console.blockStarted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(servedNow()).isEqualTo(1);
    assertThat(pending.cancel(true)).isTrue();
    await().until(() -> servedNow() == 0);
    console.release();
  }

  private double servedNow() {
    return consoleMeters.get("backchannel.calls.active").tag("direction", "inbound").gauge().value();
  }
}
