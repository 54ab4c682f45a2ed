package io.backchannel.transport.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.testing.DuplexConnectionSuite;
import io.backchannel.testing.FrameRecorder;
import io.backchannel.testing.TestFrames;
import io.rsocket.exceptions.ConnectionErrorException;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The connection contract ({@link DuplexConnectionSuite}) over shm in each wake-up and handshake
 * mode, plus what only shm promises: which error ends {@code receive()}, stream-0 frames
 * overtaking a full ring, and no ring file left behind.
 */
class ShmConnectionTest {
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static ShmTestDirs dirs;

  @BeforeAll
  static void createDirs() {
    dirs = new ShmTestDirs();
  }

  @AfterAll
  static void deleteDirs() throws Exception {
    dirs.close();
  }

  /** Runs after the suite has closed both connections and the listener. */
  @AfterEach
  void leavesNoRingFile() {
    await().untilAsserted(() -> assertThat(dirs.ringFiles()).isEmpty());
  }

  private static URI socket(String query) {
    return dirs.socketUri("c" + NEXT.incrementAndGet(), query);
  }

  /** The default: futex wake-ups after a short spin, 1 MiB rings, Unix-domain handshake. */
  @Nested
  class Futex extends DuplexConnectionSuite {
    @Override
    protected URI listenUri() {
      return socket("");
    }

    @Test
    void closingEndsBothReceivesWithClosedChannelException() {
      FrameRecorder atClient = record(client, FrameRecorder.unbounded());
      FrameRecorder atServer = record(server, FrameRecorder.unbounded());

      client.dispose();

      await().untilAsserted(() -> {
        assertThat(atClient.error.get()).isInstanceOf(ClosedChannelException.class);
        assertThat(atServer.error.get()).isInstanceOf(ClosedChannelException.class);
      });
    }

    @Test
    void theReceiverOfAnErrorFrameSeesClosedChannelExceptionAfterIt() {
      record(server, FrameRecorder.unbounded());
      FrameRecorder atClient = record(client, FrameRecorder.unbounded());

      server.sendErrorAndClose(new ConnectionErrorException("bye"));

      await().untilAsserted(() -> assertThat(atClient.error.get()).isInstanceOf(ClosedChannelException.class));
      assertThat(atClient.types).hasSize(1);
    }
  }

  /** Wake-ups through the handshake socket instead of a futex, no spinning. */
  @Nested
  class Doorbell extends DuplexConnectionSuite {
    @Override
    protected URI listenUri() {
      return socket("wake=doorbell&spin=0");
    }
  }

  /** 4 KiB rings and no spinning: most frames are fragmented and writers wait for space. */
  @Nested
  class TinyRing extends DuplexConnectionSuite {
    @Override
    protected URI listenUri() {
      return socket("ring=4k&spin=0");
    }

    @Test
    void connectionFramesOvertakeQueuedStreamFrames() {
      FrameRecorder receiver = record(server, FrameRecorder.requesting(0));
      record(client, FrameRecorder.unbounded());
      for (int i = 0; i < 10; i++) {
        client.sendFrame(1, TestFrames.next(1, i, 1500));
      }
      client.sendFrame(0, TestFrames.next(0, 99, 0));

      receiver.more(Long.MAX_VALUE);

      await().until(() -> receiver.sequences.size() == 11);
      // Ahead of it only: the frame the reader holds for demand, the two 1.5 KB frames that fit the
      // 4 KB ring, and the one the writer thread had started; the other six were still queued.
      assertThat(receiver.sequences.indexOf(99)).isBetween(0, 4);
    }
  }

  /** The handshake over loopback TCP (ephemeral port) instead of a Unix-domain socket. */
  @Nested
  class TcpHandshake extends DuplexConnectionSuite {
    @Override
    protected URI listenUri() {
      return dirs.tcpUri("spin=5us");
    }
  }
}
