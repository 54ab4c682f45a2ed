package io.backchannel.core.session;

import org.junit.jupiter.api.BeforeEach;
import io.backchannel.testing.Closer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.ConnectionLostException;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.Peer;
import io.backchannel.core.node.RegistryListener;
import io.backchannel.core.node.Target;
import io.backchannel.testing.FaultProxy;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A connection that silently stops carrying bytes is found dead by keep-alive, and its calls fail at once. */
class HealthTest {
  private final GreeterImpl sidecarGreeter = new GreeterImpl("sidecar");
  private final CountDownLatch offline = new CountDownLatch(1);
  private final Closer closer = new Closer();
  private Peer console;
  private Peer sidecar;

  @BeforeEach
  void start() {
    console = closer.register(Peer.builder().nodeId("console").authenticator(TestAuth.authenticator()).build());
    sidecar = closer.register(Peer.builder().nodeId("sidecar").credential(TestAuth.token("sidecar"))
        .keepAlive(Duration.ofMillis(100), Duration.ofMillis(1000))
        .export(Greeter.class, sidecarGreeter).build());
  }

  @AfterEach
  void close() {
    closer.close();
  }

  @Test
  void aHalfOpenConnectionIsMarkedOfflineAndItsCallsFailWithConnectionLost() throws Exception {
    console.registry().addListener(new RegistryListener() {
      @Override
      public void onOffline(NodeInfo node) {
        offline.countDown();
      }
    });
    URI uri = console.listen("tcp://127.0.0.1:0").uri();
    FaultProxy proxy = closer.register(new FaultProxy(uri.getPort()));
    sidecar.dial("tcp://127.0.0.1:" + proxy.port());
    Greeter remote = console.proxy(Greeter.class, Target.node("sidecar"));
    assertThat(remote.hello("x")).isEqualTo("hello x from sidecar");

    // The deadline is a minute: the call must fail because the connection died, not time out.
    CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> remote.block(60_000), task -> Thread.ofVirtual().start(task));
    assertThat(sidecarGreeter.blockStarted.await(10, TimeUnit.SECONDS)).isTrue();
    proxy.blackhole();

    assertThat(offline.await(30, TimeUnit.SECONDS)).as("console marks the sidecar offline").isTrue();
    assertThatThrownBy(() -> inFlight.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectionLostException.class);
    await().until(() -> sidecar.connections().isEmpty());
  }
}
