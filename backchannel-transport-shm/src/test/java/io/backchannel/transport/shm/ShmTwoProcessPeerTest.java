package io.backchannel.transport.shm;

import io.backchannel.testing.Closer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.ConnectionLostException;
import io.backchannel.DeadlineExceededException;
import io.backchannel.RemoteException;
import io.backchannel.core.CallOptions;
import io.backchannel.core.Server;
import io.backchannel.core.Peer;
import io.backchannel.core.node.Target;
import io.backchannel.testing.ChildPeer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.GreetingException;
import io.backchannel.testing.TestAuth;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * A console in this JVM and a sidecar in a child JVM over shared memory, through the whole
 * Backchannel stack: every interaction model, reverse calls, deadlines and a killed sidecar.
 */
class ShmTwoProcessPeerTest {
  private final Closer closer = new Closer();
  private final ShmTestDirs dirs = closer.register(new ShmTestDirs());
  private final GreeterImpl consoleGreeter = new GreeterImpl("console");
  private Peer console;
  private ChildPeer sidecar;
  private Greeter remote;

  @BeforeEach
  void start() {
    console = closer.register(Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
        .export(Greeter.class, consoleGreeter).build());
    consoleGreeter.peer = console;
    Server listener = console.listen(dirs.socketUri("console", "").toString());
    sidecar = closer.register(ChildPeer.dialing(listener.uri().toString(), "sidecar-1"));
    await().until(() -> console.connection("sidecar-1").isPresent());
    remote = console.proxy(Greeter.class, Target.node("sidecar-1"));
  }

  @AfterEach
  void stop() {
    closer.close();
  }

  @Test
  void everyInteractionModelCrossesTheProcessBoundary() throws Exception {
    assertThat(remote.hello("ann")).isEqualTo("hello ann from sidecar-1");
    assertThat(remote.helloAsync("bob").get(10, TimeUnit.SECONDS)).isEqualTo("hello bob from sidecar-1");
    assertThat(remote.helloMono("cy").block(Duration.ofSeconds(10))).isEqualTo("hello cy from sidecar-1");
    remote.remember("note");
    assertThat(remote.count(500).collectList().block(Duration.ofSeconds(20))).hasSize(500).endsWith(500);
    assertThat(remote.upper("+", Flux.just("a", "b")).collectList().block(Duration.ofSeconds(20))).containsExactly("+A", "+B");
    assertThat(remote.echoPayload(new byte[3 * 1024 * 1024])).isEqualTo("3145728 bytes");
  }

  @Test
  void theSidecarCallsBackOverItsOwnConnection() {
    assertThat(remote.callBack("dee")).isEqualTo("via callback: hello dee from console");
  }

  @Test
  void errorsAndDeadlinesCrossTheProcessBoundary() {
    assertThatThrownBy(() -> remote.fail("no")).isInstanceOf(GreetingException.class);
    assertThatThrownBy(() -> remote.failUnchecked("bad")).isInstanceOf(RemoteException.class);
    assertThatThrownBy(() -> CallOptions.deadline(Duration.ofMillis(300)).call(() -> remote.block(60_000)))
        .isInstanceOf(DeadlineExceededException.class);
    await().untilAsserted(() -> assertThat(remote.outcomes()).containsExactly("interrupted"));
  }

  @Test
  void anIdleSidecarProcessCostsUnderOnePercentOfACore() throws java.io.IOException {
    remote.hello("warm up");
    AtomicLong lastTicks = new AtomicLong(cpuTicks(sidecar.pid()));
    AtomicLong lastNanos = new AtomicLong(System.nanoTime());
    // The whole child JVM, not just the transport: once its start-up work (JIT) has settled, a 3 s
    // window of an idle connection must stay under 1% of a core.
    await().pollDelay(Duration.ofSeconds(3)).pollInterval(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(60))
        .until(() -> {
          long ticks = cpuTicks(sidecar.pid());
          long now = System.nanoTime();
          double cpuSeconds = (ticks - lastTicks.getAndSet(ticks)) / 100.0;
          double wallSeconds = (now - lastNanos.getAndSet(now)) / 1e9;
          return cpuSeconds / wallSeconds < 0.01;
        });
    assertThat(remote.hello("still there")).isEqualTo("hello still there from sidecar-1");
  }

  /** utime + stime of a process, in clock ticks (USER_HZ, 100 on Linux). */
  private static long cpuTicks(long pid) throws java.io.IOException {
    String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  @Test
  void killingTheSidecarFailsItsCallsWithConnectionLost() {
    CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> remote.block(60_000), task -> Thread.ofVirtual().start(task));
    await().until(() -> console.connection("sidecar-1").isPresent());
    sidecar.kill();
    assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectionLostException.class);
    await().until(() -> console.connection("sidecar-1").isEmpty());
    await().untilAsserted(() -> assertThat(dirs.ringFiles()).isEmpty());
  }
}
