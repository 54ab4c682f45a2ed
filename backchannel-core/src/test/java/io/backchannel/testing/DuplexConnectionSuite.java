package io.backchannel.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.transport.ListenerLimits;
import io.backchannel.core.transport.TransportFactory;
import io.backchannel.core.transport.Transports;
import io.netty.buffer.ByteBuf;
import io.rsocket.Closeable;
import io.rsocket.DuplexConnection;
import io.rsocket.exceptions.ConnectionErrorException;
import io.rsocket.frame.ErrorFrameCodec;
import io.rsocket.frame.FrameType;
import io.rsocket.transport.ClientTransport;
import io.rsocket.transport.ServerTransport;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The {@link DuplexConnection} contract every transport must keep, below RSocket: one dialed and
 * one accepted connection exchange raw RSocket frames. A transport's test extends this and names
 * the URI to listen on; the transport is found through {@link Transports}, as the peer finds it.
 * Every frame a test sends is an unpooled buffer, so "released, not leaked" is checked directly
 * ({@code refCnt() == 0}) as well as by the leak detector. Memory is not bounded here: {@code
 * sendFrame} has no back-pressure, so every transport queues what the peer has not read; a
 * transport's own tests check the bound it promises on the receiving side.
 */
public abstract class DuplexConnectionSuite {
  protected ClientTransport clientTransport;
  protected ServerTransport<? extends Closeable> serverTransport;
  protected Closeable listener;
  /** The dialed connection. */
  protected DuplexConnection client;
  /** The connection the server accepted. */
  protected DuplexConnection server;
  private final List<FrameRecorder> recorders = new ArrayList<>();

  /** Where the server listens, e.g. {@code tcp://127.0.0.1:0}; called once per test. */
  protected abstract URI listenUri();

  /** How long any one step may take (connect, a batch of frames arriving, a close). */
  protected Duration timeout() {
    return Duration.ofSeconds(30);
  }

  /** Frames per direction in the ordering tests. */
  protected int frameCount() {
    return 1000;
  }

  /** The largest frame the large-frame test sends: what both transports say they carry. */
  protected int largeFrameLength() {
    return Math.min(clientTransport.maxFrameLength(), serverTransport.maxFrameLength());
  }

  @BeforeEach
  void connect() throws Exception {
    URI requested = listenUri();
    TransportFactory factory = Transports.forUri(requested);
    // Nothing admits a raw connection (no SetupAcceptor), so a listener's pre-admission bounds would
    // apply to every frame and end it after the setup timeout: this suite tests the transport, not
    // those bounds (PreAuthBoundsTest does).
    serverTransport = factory.server(requested,
        ListenerLimits.DEFAULTS.withMaxSetupFrameSize(Integer.MAX_VALUE).withSetupTimeout(Duration.ofHours(1)));
    CompletableFuture<DuplexConnection> accepted = new CompletableFuture<>();
    // Never completes: the acceptor's end means "set up", not "close" (see the rsocket-java notes).
    listener = serverTransport.start(connection -> {
      accepted.complete(connection);
      return Mono.never();
    }).block(timeout());
    clientTransport = factory.client(factory.boundUri(requested, listener));
    client = clientTransport.connect().block(timeout());
    server = accepted.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  @AfterEach
  void close() {
    for (Closeable closeable : new Closeable[] {client, server, listener}) {
      if (closeable != null) {
        closeable.dispose();
      }
    }
    recorders.forEach(FrameRecorder::dispose);
    for (Closeable closeable : new Closeable[] {client, server, listener}) {
      if (closeable != null) {
        closeable.onClose().onErrorComplete().block(timeout());
      }
    }
  }

  /**
   * Subscribes {@code recorder} to {@code connection.receive()}; the suite cancels it at the end.
   * Tests subscribe on both sides, as RSocket always does: rsocket-java's local transport
   * completes {@code onClose()} only once both inbound queues were drained or cancelled.
   */
  protected FrameRecorder record(DuplexConnection connection, FrameRecorder recorder) {
    recorders.add(recorder);
    connection.receive().subscribe(recorder);
    return recorder;
  }

  @Test
  void framesArriveInOrderInBothDirectionsAtOnce() throws Exception {
    FrameRecorder atServer = record(server, FrameRecorder.unbounded());
    FrameRecorder atClient = record(client, FrameRecorder.unbounded());
    int count = frameCount();

    Thread serverSending = Thread.ofPlatform().name("suite-server-sender").start(() -> sendSequence(server, 2, count));
    sendSequence(client, 1, count);
    serverSending.join(timeout().toMillis());

    await().atMost(timeout()).until(() -> atServer.sequences.size() == count && atClient.sequences.size() == count);
    assertThat(atServer.sequences).containsExactlyElementsOf(upTo(count));
    assertThat(atClient.sequences).containsExactlyElementsOf(upTo(count));
  }

  @Test
  void framesSentFromManyThreadsAllArriveInOrderPerStream() throws Exception {
    FrameRecorder atServer = record(server, FrameRecorder.unbounded());
    record(client, FrameRecorder.unbounded());
    int threads = 4;
    int each = frameCount() / threads;
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int streamId = 2 * t + 1;
      senders.add(Thread.ofPlatform().name("suite-sender-" + t).start(() -> sendSequence(client, streamId, each)));
    }
    for (Thread sender : senders) {
      sender.join(timeout().toMillis());
    }

    await().atMost(timeout()).until(() -> atServer.sequences.size() == threads * each);
    for (int t = 0; t < threads; t++) {
      String stream = (2 * t + 1) + ":";
      assertThat(atServer.streamSequences.stream().filter(s -> s.startsWith(stream)).toList())
          .containsExactlyElementsOf(upTo(each).stream().map(i -> stream + i).toList());
    }
  }

  @Test
  void closingTheClientClosesBothSides() {
    assertClosingClosesBoth(client, server);
  }

  @Test
  void closingTheServerSideClosesBothSides() {
    assertClosingClosesBoth(server, client);
  }

  private void assertClosingClosesBoth(DuplexConnection closer, DuplexConnection peer) {
    FrameRecorder atCloser = record(closer, FrameRecorder.unbounded());
    FrameRecorder atPeer = record(peer, FrameRecorder.unbounded());
    closer.sendFrame(1, TestFrames.next(1, 0, 0));
    peer.sendFrame(2, TestFrames.next(2, 0, 0));
    await().atMost(timeout()).until(() -> atCloser.sequences.size() == 1 && atPeer.sequences.size() == 1);

    closer.dispose();

    closer.onClose().block(timeout());
    peer.onClose().block(timeout());
    assertThat(closer.isDisposed()).isTrue();
    assertThat(peer.isDisposed()).isTrue();
    await().atMost(timeout()).until(() -> atCloser.terminated() && atPeer.terminated());
    assertLateFramesAreReleased(closer, peer);
  }

  @Test
  void closingWhileSendingReleasesEveryFrameAndHangsNothing() throws Exception {
    // The receiver asks for nothing, so frames pile up in the transport when the close comes.
    FrameRecorder stalled = record(server, FrameRecorder.requesting(0));
    record(client, FrameRecorder.unbounded());
    int count = frameCount();
    List<ByteBuf> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
    CountDownLatch halfway = new CountDownLatch(1);
    Thread sending = Thread.ofPlatform().name("suite-sender").start(() -> {
      for (int i = 0; i < count; i++) {
        ByteBuf frame = TestFrames.next(1, i, 8 * 1024);
        sent.add(frame);
        client.sendFrame(1, frame);
        if (i == count / 2) {
          halfway.countDown();
        }
      }
    });
    assertThat(halfway.await(timeout().toMillis(), TimeUnit.MILLISECONDS)).isTrue();

    client.dispose();

    sending.join(timeout().toMillis());
    assertThat(sending.isAlive()).as("sendFrame must not block").isFalse();
    // A receiver without demand may not see the close at all (TCP stops reading the socket,
    // local keeps its queue): the late reader asks for the rest first.
    stalled.more(Long.MAX_VALUE);
    client.onClose().block(timeout());
    server.onClose().block(timeout());
    // It gets an in-order prefix of what was sent, then the end; nothing stays held.
    await().atMost(timeout()).until(stalled::terminated);
    assertThat(stalled.sequences).containsExactlyElementsOf(upTo(stalled.sequences.size()));
    await().atMost(timeout()).untilAsserted(() -> assertThat(sent).allMatch(frame -> frame.refCnt() == 0));
    assertLateFramesAreReleased(client, server);
  }

  @Test
  void theLargestFrameCrossesIntactInBothDirections() {
    FrameRecorder atServer = record(server, FrameRecorder.checksumming());
    FrameRecorder atClient = record(client, FrameRecorder.checksumming());
    int length = largeFrameLength();
    ByteBuf toServer = TestFrames.random(1, 0, length, 1);
    ByteBuf toClient = TestFrames.random(2, 0, length, 2);
    long toServerSum = TestFrames.checksum(toServer);
    long toClientSum = TestFrames.checksum(toClient);
    assertThat(toServer.readableBytes()).isEqualTo(length);

    client.sendFrame(1, toServer);
    server.sendFrame(2, toClient);
    // Small frames right behind: the framing after a large frame is intact.
    client.sendFrame(1, TestFrames.next(1, 1, 0));
    server.sendFrame(2, TestFrames.next(2, 1, 0));

    await().atMost(timeout()).untilAsserted(() -> {
      assertThat(atServer.sequences).as("at the server side; receive error %s", atServer.error.get()).containsExactly(0, 1);
      assertThat(atClient.sequences).as("at the client; receive error %s", atClient.error.get()).containsExactly(0, 1);
    });
    assertThat(atServer.checksums.getFirst()).isEqualTo(toServerSum);
    assertThat(atClient.checksums.getFirst()).isEqualTo(toClientSum);
  }

  @Test
  void aSlowReceiverGetsEveryFrameInOrderAndNeverMoreThanItAskedFor() {
    FrameRecorder slow = record(server, FrameRecorder.requesting(0));
    record(client, FrameRecorder.unbounded());
    int count = Math.min(frameCount(), 256);
    // Everything is sent before the receiver asks for anything: the transport must hold it.
    sendSequence(client, 1, count, 4 * 1024);

    for (int i = 0; i < count / 2; i++) {
      int expected = i + 1;
      slow.more(1);
      await().atMost(timeout()).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
          .until(() -> slow.sequences.size() >= expected);
      assertThat(slow.sequences).hasSize(expected);
    }
    slow.more(count - count / 2);

    await().atMost(timeout()).until(() -> slow.sequences.size() == count);
    assertThat(slow.sequences).containsExactlyElementsOf(upTo(count));
    assertThat(slow.deliveredBeyondDemand()).isZero();
    assertThat(slow.error.get()).isNull();
  }

  @Test
  void anErrorSentByTheServerSideReachesTheClientThenBothClose() {
    assertErrorReaches(server, client);
  }

  @Test
  void anErrorSentByTheClientReachesTheServerSideThenBothClose() {
    assertErrorReaches(client, server);
  }

  private void assertErrorReaches(DuplexConnection failing, DuplexConnection peer) {
    record(failing, FrameRecorder.unbounded());
    FrameRecorder atPeer = record(peer, FrameRecorder.unbounded());
    failing.sendFrame(1, TestFrames.next(1, 0, 0));
    // Over reactor-netty, receive() subscribes on the event loop later, and what arrives before
    // it together with the close is dropped: wait until the peer really reads.
    await().atMost(timeout()).until(() -> atPeer.sequences.size() == 1);

    failing.sendErrorAndClose(new ConnectionErrorException("going away"));

    await().atMost(timeout()).untilAsserted(() ->
        assertThat(atPeer.types).as("receive error %s", atPeer.error.get()).containsExactly(FrameType.NEXT, FrameType.ERROR));
    assertThat(atPeer.errorFrames).containsExactly(ErrorFrameCodec.CONNECTION_ERROR + ":going away");
    failing.onClose().block(timeout());
    peer.onClose().block(timeout());
    await().atMost(timeout()).until(atPeer::terminated);
  }

  /**
   * Only that the second one is refused: what happens to the first differs (rsocket-java's local
   * transport closes the whole connection, since any error on its receive side does).
   */
  @Test
  void receiveAcceptsOneSubscriberOnly() {
    record(client, FrameRecorder.unbounded());
    FrameRecorder second = record(client, FrameRecorder.unbounded());
    record(server, FrameRecorder.unbounded());

    await().atMost(timeout()).until(() -> second.error.get() != null);
    assertThat(second.error.get()).isInstanceOf(IllegalStateException.class);
  }

  private void assertLateFramesAreReleased(DuplexConnection... closed) {
    List<ByteBuf> late = new ArrayList<>();
    for (DuplexConnection connection : closed) {
      ByteBuf onStream = TestFrames.next(1, -1, 0);
      ByteBuf onConnection = TestFrames.next(0, -1, 0);
      late.add(onStream);
      late.add(onConnection);
      connection.sendFrame(1, onStream);
      connection.sendFrame(0, onConnection);
    }
    await().atMost(timeout()).untilAsserted(() -> assertThat(late).allMatch(frame -> frame.refCnt() == 0));
  }

  private static void sendSequence(DuplexConnection connection, int streamId, int count) {
    sendSequence(connection, streamId, count, 16);
  }

  private static void sendSequence(DuplexConnection connection, int streamId, int count, int padding) {
    for (int i = 0; i < count; i++) {
      connection.sendFrame(streamId, TestFrames.next(streamId, i, padding));
    }
  }

  private static List<Integer> upTo(int count) {
    return IntStream.range(0, count).boxed().toList();
  }
}
