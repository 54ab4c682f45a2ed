package io.backchannel.core.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backchannel.NonBlocking;
import io.backchannel.RemoteException;
import io.backchannel.RemoteService;
import io.backchannel.core.Peer;
import io.backchannel.testing.Closer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where handlers run: a method marked {@link NonBlocking} on the I/O thread that read its call,
 * every other method on a virtual thread, and a mark on a method that can block is refused.
 */
class NonBlockingHandlerTest {
  private final Closer closer = new Closer();
  private Peer console;

  @AfterEach
  void close() {
    closer.close();
  }

  @RemoteService("Where")
  public interface Where {
    @NonBlocking
    CompletableFuture<String> future();

    @NonBlocking
    Mono<String> mono();

    @NonBlocking
    Flux<String> stream();

    CompletableFuture<String> unmarkedFuture();

    String blocking();

    @NonBlocking
    CompletableFuture<String> callsBackBlocking();
  }

  @RemoteService("Typed")
  @NonBlocking
  public interface Typed {
    Mono<String> mono();

    String blocking();
  }

  @RemoteService("Wrong")
  public interface Wrong {
    @NonBlocking
    String blocking();
  }

  /** Names the kind of thread each method runs on. */
  static final class WhereImpl implements Where, Typed {
    volatile Greeter back;

    @Override
    public CompletableFuture<String> future() {
      return CompletableFuture.completedFuture(thread());
    }

    @Override
    public Mono<String> mono() {
      return Mono.just(thread());
    }

    @Override
    public Flux<String> stream() {
      String first = thread();
      return Flux.just(first, first);
    }

    @Override
    public CompletableFuture<String> unmarkedFuture() {
      return CompletableFuture.completedFuture(thread());
    }

    @Override
    public String blocking() {
      return thread();
    }

    @Override
    public CompletableFuture<String> callsBackBlocking() {
      return CompletableFuture.completedFuture(back.hello("x"));
    }

    private static String thread() {
      return Thread.currentThread().isVirtual() ? "virtual" : "io";
    }
  }

  @Test
  void markedMethodsRunOnTheIoThreadAndTheOthersOnVirtualThreads() {
    WhereImpl impl = new WhereImpl();
    Peer sidecar = peers(impl);
    Where where = sidecar.connection("console").orElseThrow().proxy(Where.class);
    Typed typed = sidecar.connection("console").orElseThrow().proxy(Typed.class);

    assertThat(where.future().join()).isEqualTo("io");
    assertThat(where.mono().block(Duration.ofSeconds(10))).isEqualTo("io");
    assertThat(where.stream().collectList().block(Duration.ofSeconds(10))).isEqualTo(List.of("io", "io"));
    assertThat(where.unmarkedFuture().join()).isEqualTo("virtual");
    assertThat(where.blocking()).isEqualTo("virtual");
    assertThat(typed.mono().block(Duration.ofSeconds(10))).as("marked by its interface").isEqualTo("io");
    assertThat(typed.blocking()).as("a blocking method of a marked type").isEqualTo("virtual");
  }

  @Test
  void aNonBlockingHandlerThatMakesABlockingCallFailsInsteadOfStallingTheIoThread() {
    WhereImpl impl = new WhereImpl();
    Peer sidecar = peers(impl);
    Peer console = this.console;
    impl.back = console.connection("sidecar").orElseThrow().proxy(Greeter.class);
    Where where = sidecar.connection("console").orElseThrow().proxy(Where.class);

    assertThatThrownBy(() -> where.callsBackBlocking().join()).hasCauseInstanceOf(RemoteException.class);
    assertThat(where.future().join()).as("the I/O thread still serves").isEqualTo("io");
  }

  @Test
  void aBlockingMethodMarkedNonBlockingIsRefusedAtExport() {
    assertThatThrownBy(() -> Peer.builder().nodeId("console").export(Wrong.class, () -> "x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("@NonBlocking on Wrong.blocking")
        .hasMessageContaining("CompletableFuture, Mono or Flux");
  }

  private Peer peers(WhereImpl impl) {
    console = closer.register(Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
        .export(Where.class, impl).export(Typed.class, impl).build());
    Peer sidecar = closer.register(Peer.builder().nodeId("sidecar").credential(TestAuth.token("sidecar"))
        .export(Greeter.class, new GreeterImpl("sidecar")).build());
    sidecar.dial(console.listen("tcp://127.0.0.1:0").uri().toString());
    return sidecar;
  }
}
