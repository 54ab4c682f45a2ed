package io.backchannel.transport.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketConnector;
import io.rsocket.core.RSocketServer;
import io.rsocket.util.DefaultPayload;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/** What a connection costs and leaves behind: CPU while idle, ring files (also on disk), socket files. */
class ShmResourcesTest {
  private static ShmTestDirs dirs;

  @BeforeAll
  static void createDirs() {
    dirs = new ShmTestDirs();
  }

  @AfterAll
  static void deleteDirs() throws Exception {
    if (dirs != null) {
      dirs.close();
    }
  }

  @Test
  void anIdleConnectionCostsUnderOnePercentOfACore() {
    URI uri = dirs.socketUri("idle", "spin=50us");
    ShmTransportFactory factory = new ShmTransportFactory();
    var server = RSocketServer.create(SocketAcceptor.forRequestResponse(Mono::just)).bind(factory.server(uri)).block();
    RSocket client = RSocketConnector.connectWith(factory.client(uri)).block();
    try {
      for (int i = 0; i < 1_000; i++) {
        Payload reply = client.requestResponse(DefaultPayload.create("warm " + i)).block();
        reply.release();
      }
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long before = transportCpuNanos(threads);
      long start = System.nanoTime();
      await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
      long cpu = transportCpuNanos(threads) - before;
      long wall = System.nanoTime() - start;
      System.out.printf("shm threads used %.3f%% of a core while idle%n", 100.0 * cpu / wall);
      assertThat(cpu).isLessThan(wall / 100);
    } finally {
      client.dispose();
      server.dispose();
      client.onClose().block(Duration.ofSeconds(5));
      server.onClose().block(Duration.ofSeconds(5));
    }
  }

  private static long transportCpuNanos(ThreadMXBean threads) {
    long[] ids = Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
        .filter(info -> info != null && info.getThreadName().startsWith("backchannel-shm-"))
        .mapToLong(ThreadInfo::getThreadId)
        .toArray();
    assertThat(ids).hasSizeGreaterThanOrEqualTo(6); // reader, writer and watcher on each side
    return Arrays.stream(ids).map(threads::getThreadCpuTime).filter(t -> t > 0).sum();
  }

  @Test
  void startUpSweepRemovesFilesOfDeadOwnersOnly() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path stale = Files.createFile(dirs.ringDir.resolve("bc-shm-" + gone.pid() + "-0123abcd.ring"));
    Path mine = Files.createFile(dirs.ringDir.resolve("bc-shm-" + ProcessHandle.current().pid() + "-4567abcd.ring"));
    Path unrelated = Files.createFile(dirs.ringDir.resolve("someone-else.ring"));

    var server = new ShmTransportFactory().server(dirs.socketUri("sweep", "")).start(c -> Mono.never()).block();
    server.dispose();
    server.onClose().block(Duration.ofSeconds(5));

    assertThat(stale).doesNotExist();
    assertThat(mine).exists();
    assertThat(unrelated).exists();
    Files.delete(mine);
    Files.delete(unrelated);
  }

  @Test
  void aSecondListenerOnALiveSocketIsRefusedAndDisposeRemovesTheSocketFile() {
    URI uri = dirs.socketUri("twice", "");
    ShmTransportFactory factory = new ShmTransportFactory();
    var first = factory.server(uri).start(c -> Mono.never()).block();
    Path socket = Path.of(uri.getPath());
    assertThat(socket).exists();
    assertThatThrownBy(() -> factory.server(uri).start(c -> Mono.never()).block())
        .hasMessageContaining("in use by a live listener");
    first.dispose();
    first.onClose().block(Duration.ofSeconds(5));
    assertThat(socket).doesNotExist();
  }

  @Test
  void ringFilesMayLiveOnADiskBackedDirectory(@TempDir Path disk) {
    URI uri = URI.create("shm://" + dirs.socketDir.resolve("disk.sock") + "?dir=" + disk);
    ShmTransportFactory factory = new ShmTransportFactory();
    var server = RSocketServer.create(SocketAcceptor.forRequestResponse(Mono::just)).bind(factory.server(uri)).block();
    RSocket client = RSocketConnector.connectWith(factory.client(uri)).block();
    try {
      Payload reply = client.requestResponse(DefaultPayload.create("on disk")).block(Duration.ofSeconds(5));
      assertThat(reply.getDataUtf8()).isEqualTo("on disk");
      reply.release();
      // Unlinked as soon as both sides mapped it, as on tmpfs.
      assertThat(disk.toFile().list()).isEmpty();
    } finally {
      client.dispose();
      server.dispose();
      client.onClose().block(Duration.ofSeconds(5));
      server.onClose().block(Duration.ofSeconds(5));
    }
  }
}
