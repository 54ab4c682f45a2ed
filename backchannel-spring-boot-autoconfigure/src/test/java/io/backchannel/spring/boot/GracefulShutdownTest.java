package io.backchannel.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.ConnectionLostException;
import io.backchannel.core.Peer;
import io.backchannel.core.node.Target;
import io.backchannel.spring.boot.internal.BackchannelAutoConfiguration;
import io.backchannel.spring.boot.services.Gate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Closing the context makes the peer leave: calls in flight finish within the grace, then it closes. */
class GracefulShutdownTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static volatile CountDownLatch entered;
  private static volatile CountDownLatch release;

  private final String uri = TestPeers.localUri();
  private Peer console;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(BackchannelAutoConfiguration.class))
      .withUserConfiguration(HeldGate.class)
      .withPropertyValues("backchannel.node-id=app", "backchannel.connect.uri=" + uri, "backchannel.connect.await-on-start=10s");

  @BeforeEach
  void listen() {
    entered = new CountDownLatch(1);
    release = new CountDownLatch(1);
    console = TestPeers.console("console");
    console.listen(uri);
  }

  @AfterEach
  void close() {
    release.countDown();
    console.close();
  }

  @Test
  void aCallInFlightFinishesBeforeThePeerCloses() {
    runner.run(context -> {
      CompletableFuture<String> call = callGate();
      CompletableFuture<Void> closing = CompletableFuture.runAsync(((ConfigurableApplicationContext) context)::close);
      // The node announced it is leaving while its call still runs, and the context is still closing.
      await().atMost(WAIT).until(() -> console.registry().isDraining("app"));
      assertThat(closing).isNotDone();
      release.countDown();
      assertThat(call.join()).isEqualTo("passed");
      closing.join();
      await().atMost(WAIT).until(() -> console.registry().nodes().isEmpty());
    });
  }

  @Test
  void aCallStillRunningAfterTheGraceFailsAndTheContextCloses() {
    runner.withPropertyValues("backchannel.shutdown.grace=100ms").run(context -> {
      CompletableFuture<String> call = callGate();
      ((ConfigurableApplicationContext) context).close();
      assertThat(call).failsWithin(WAIT).withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withCauseInstanceOf(ConnectionLostException.class);
    });
  }

  private CompletableFuture<String> callGate() {
    Gate gate = console.proxy(Gate.class, Target.node("app"));
    CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> gate.pass("x"));
    try {
      entered.await();
    } catch (InterruptedException e) {
      throw new CompletionException(e);
    }
    return call;
  }

  @Configuration(proxyBeanMethods = false)
  static class HeldGate {
    @Bean
    Gate gate() {
      return text -> {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return "passed";
      };
    }
  }
}
