package io.backchannel.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.NoRouteException;
import io.backchannel.core.Server;
import io.backchannel.core.Peer;
import io.backchannel.core.node.Target;
import io.backchannel.testing.ChildPeer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.TestAuth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A sidecar process that leaves gracefully loses none of the calls it was serving. */
class DrainTest {
  @Test
  void inFlightCallsFinishAndNewCallsAreNotRoutedToALeavingNode() throws Exception {
    try (Peer console = Peer.builder().nodeId("console").authenticator(TestAuth.authenticator()).build()) {
      Server listener = console.listen("tcp://127.0.0.1:0");
      try (ChildPeer leaver = ChildPeer.dialing(listener.uri().toString(), "leaver")) {
        await().until(() -> console.connection("leaver").isPresent());
        Greeter remote = console.proxy(Greeter.class, Target.node("leaver"));
        List<CompletableFuture<String>> inFlight = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          inFlight.add(CompletableFuture.supplyAsync(() -> remote.block(60_000), task -> Thread.ofVirtual().start(task)));
        }
        await().until(() -> remote.blocking() == 5);

        leaver.leave();
        await().until(() -> console.registry().isDraining("leaver"));
        assertThatThrownBy(() -> remote.hello("new")).isInstanceOf(NoRouteException.class);
        // Only now may the five finish: the leaver must have waited for them while draining.
        assertThat(inFlight).noneMatch(CompletableFuture::isDone);
        console.connection("leaver").orElseThrow().proxy(Greeter.class).release();

        for (CompletableFuture<String> call : inFlight) {
          assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo("finished");
        }
        leaver.awaitLine("LEFT");
        await().until(() -> console.registry().nodes().isEmpty());
      }
    }
  }
}
