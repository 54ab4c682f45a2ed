package io.backchannel.core;

import io.backchannel.testing.Closer;
import io.backchannel.testing.TestAuth;
import static org.assertj.core.api.Assertions.assertThat;

import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** A blocking proxy call on a thread that must never block fails at once instead of deadlocking. */
class IoThreadGuardTest {
  private final Closer closer = new Closer();
  private Peer console;
  private Peer sidecar;
  private Greeter greeter;

  @BeforeEach
  void start() {
    console = closer.register(Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
        .export(Greeter.class, new GreeterImpl("console")).build());
    sidecar = closer.register(Peer.builder().nodeId("sidecar").credential(TestAuth.token("sidecar")).build());
    greeter = sidecar.dial(console.listen("tcp://127.0.0.1:0").uri().toString()).proxy(Greeter.class);
  }

  @AfterEach
  void stop() {
    closer.close();
  }

  @Test
  void blockingCallOnANettyEventLoopFails() throws Exception {
    DefaultEventLoop loop = new DefaultEventLoop();
    try {
      Future<String> call = loop.submit(() -> greeter.hello("x"));
      assertThat(call.await(10, TimeUnit.SECONDS)).as("the call ended").isTrue();
      assertThat(call.cause())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Greeter.hello")
          .hasMessageContaining("non-blocking thread");
    } finally {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  @Test
  void blockingCallInAReactiveCallbackFails() {
    Throwable failure = Mono.fromCallable(() -> greeter.hello("x"))
        .subscribeOn(Schedulers.parallel())
        .map(Object.class::cast)
        .onErrorResume(e -> Mono.just(e))
        .block(Duration.ofSeconds(10)) instanceof Throwable t ? t : null;
    assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessageContaining("non-blocking thread");
  }

  @Test
  void asynchronousStylesWorkFromAnyThread() {
    String viaMono = Mono.defer(() -> greeter.helloMono("r")).subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(10));
    assertThat(viaMono).isEqualTo("hello r from console");
  }
}
