package io.backchannel.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.backchannel.core.Peer;
import io.backchannel.core.node.Target;
import io.backchannel.testing.FaultProxy;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** With resumption on, a request-stream survives a cut of the TCP connection, nothing lost or repeated. */
class ResumeTest {
  @Test
  void aStreamSurvivesAShortCut() throws Exception {
    try (Peer console = Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
            .resume(Duration.ofSeconds(30)).build();
        Peer sidecar = Peer.builder().nodeId("sidecar").credential(TestAuth.token("sidecar"))
            .resume(Duration.ofSeconds(30)).reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
            .export(Greeter.class, new GreeterImpl("sidecar")).build()) {
      URI uri = console.listen("tcp://127.0.0.1:0").uri();
      try (FaultProxy proxy = new FaultProxy(uri.getPort())) {
        sidecar.dial("tcp://127.0.0.1:" + proxy.port());
        Greeter remote = console.proxy(Greeter.class, Target.node("sidecar"));
        List<Integer> received = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch halfway = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch cutDone = new java.util.concurrent.CountDownLatch(1);
        var done = new java.util.concurrent.CompletableFuture<Void>();
        Flux<Integer> slowStream = remote.count(2_000).limitRate(10);
        slowStream.subscribe(item -> {
          received.add(item);
          if (item == 500) {
            // Hold the consumer (a worker thread) so the producer is held by flow control: the cut
            // is certain to land in the middle of the stream.
            halfway.countDown();
            try {
              cutDone.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }, done::completeExceptionally, () -> done.complete(null));
        assertThat(halfway.await(20, TimeUnit.SECONDS)).isTrue();
        proxy.cut();
        cutDone.countDown();
        done.get(60, TimeUnit.SECONDS);
        assertThat(received).hasSize(2_000);
        assertThat(received).doesNotHaveDuplicates().isSorted();
      }
    }
  }
}
