package io.backchannel.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import io.rsocket.Closeable;
import io.rsocket.DuplexConnection;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.exceptions.ConnectionErrorException;
import io.rsocket.util.DefaultPayload;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Closing from either side, topic deletion, the sweep of dead sessions, and keepalive. */
class LifecycleTest {
  private static final SocketAcceptor ECHO =
      SocketAcceptor.forRequestResponse(p -> Mono.just(DefaultPayload.create(p.getDataUtf8())));
  private static Admin admin;

  @BeforeAll
  static void admin() {
    admin = TestBroker.shared().admin();
  }

  @AfterAll
  static void closeAdmin() {
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  void closingTheClientClosesTheServerSideAndDeletesTheSessionTopics() throws Exception {
    String topic = TestBroker.freshTopic("close-client");
    URI uri = TestBroker.shared().uri(topic, "");
    AtomicReference<RSocket> serverSide = new AtomicReference<>();
    Closeable server = KafkaRSockets.serve(uri, (setup, sendingSocket) -> {
      serverSide.set(sendingSocket);
      return ECHO.accept(setup, sendingSocket);
    });
    RSocket client = KafkaRSockets.connect(uri);
    assertThat(client.requestResponse(DefaultPayload.create("hi")).block(KafkaRSockets.TIMEOUT).getDataUtf8()).isEqualTo("hi");
    assertThat(HandshakeTest.sessionTopics(admin, topic)).hasSize(2);

    KafkaRSockets.close(client);

    await().atMost(KafkaRSockets.TIMEOUT).until(() -> serverSide.get().isDisposed());
    await().atMost(KafkaRSockets.TIMEOUT).until(() -> HandshakeTest.sessionTopics(admin, topic).isEmpty());
    KafkaRSockets.close(server);
  }

  @Test
  void closingTheServerClosesItsClients() throws Exception {
    String topic = TestBroker.freshTopic("close-server");
    URI uri = TestBroker.shared().uri(topic, "");
    Closeable server = KafkaRSockets.serve(uri, ECHO);
    RSocket client = KafkaRSockets.connect(uri);
    client.requestResponse(DefaultPayload.create("hi")).block(KafkaRSockets.TIMEOUT);

    KafkaRSockets.close(server);

    client.onClose().block(KafkaRSockets.TIMEOUT);
    assertThat(client.isDisposed()).isTrue();
    await().atMost(KafkaRSockets.TIMEOUT).until(() -> HandshakeTest.sessionTopics(admin, topic).isEmpty());
  }

  @Test
  void receiveEndsWithClosedChannelExceptionWhenThePeerCloses() {
    URI uri = TestBroker.shared().uri(TestBroker.freshTopic("receive-end"), "");
    AtomicReference<DuplexConnection> serverSide = new AtomicReference<>();
    KafkaListener listener = new KafkaServerTransport(KafkaUri.parse(uri))
        .start(c -> {
          serverSide.set(c);
          return Mono.never();
        })
        .block(KafkaRSockets.TIMEOUT);
    DuplexConnection client = new KafkaClientTransport(KafkaUri.parse(uri)).connect().block(KafkaRSockets.TIMEOUT);
    AtomicReference<Throwable> ended = new AtomicReference<>();
    client.receive().subscribe(frame -> {}, ended::set);
    await().atMost(KafkaRSockets.TIMEOUT).until(() -> serverSide.get() != null);
    serverSide.get().sendFrame(1, Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));

    serverSide.get().dispose();

    await().atMost(KafkaRSockets.TIMEOUT).until(() -> ended.get() != null);
    assertThat(ended.get()).isInstanceOf(ClosedChannelException.class);
    client.onClose().block(KafkaRSockets.TIMEOUT);
    serverSide.get().onClose().block(KafkaRSockets.TIMEOUT);
    KafkaRSockets.close(listener);
    // Every consumer and producer thread is gone once both sides and the listener are closed.
    await().atMost(KafkaRSockets.TIMEOUT).until(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().startsWith("backchannel-kafka-") || t.getName().contains("| backchannel-")));
  }

  @Test
  void theSweepDeletesTopicsOfDeadSessionsOnly() throws Exception {
    String topic = TestBroker.freshTopic("sweep");
    URI uri = TestBroker.shared().uri(topic, "sweepInterval=300ms&sessionIdleTimeout=2s");
    Closeable server = KafkaRSockets.serve(uri, ECHO);
    RSocket live = KafkaRSockets.connector(uri)
        .keepAlive(Duration.ofMillis(300), Duration.ofSeconds(30))
        .connect(KafkaRSockets.FACTORY.client(uri))
        .block(KafkaRSockets.TIMEOUT);
    SessionTopics silent = SessionTopics.create(topic);
    SessionTopics talkedOnce = SessionTopics.create(topic);
    List<NewTopic> dead = java.util.stream.Stream.of(silent, talkedOnce)
        .flatMap(s -> s.both().stream())
        .map(n -> new NewTopic(n, 1, (short) 1).configs(KafkaConfigs.sessionTopic(KafkaUri.parse(uri))))
        .toList();
    admin.createTopics(dead).all().get();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaConfigs.producer(KafkaUri.parse(uri)))) {
      producer.send(new ProducerRecord<>(talkedOnce.clientToServer(), new byte[] {0})).get();
    }

    await().atMost(KafkaRSockets.TIMEOUT).until(() -> HandshakeTest.sessionTopics(admin, topic).size() == 2);
    assertThat(HandshakeTest.sessionTopics(admin, topic)).doesNotContainAnyElementsOf(silent.both())
        .doesNotContainAnyElementsOf(talkedOnce.both());
    assertThat(live.requestResponse(DefaultPayload.create("still here")).block(KafkaRSockets.TIMEOUT).getDataUtf8())
        .isEqualTo("still here");
    KafkaRSockets.close(live);
    KafkaRSockets.close(server);
  }

  @Test
  void keepaliveHoldsAnIdleSessionOpenLongerThanItsMaxLifetime() {
    URI uri = TestBroker.shared().uri(TestBroker.freshTopic("keepalive"), "");
    Closeable server = KafkaRSockets.serve(uri, ECHO);
    RSocket client = KafkaRSockets.connector(uri)
        .keepAlive(Duration.ofMillis(200), Duration.ofSeconds(2))
        .connect(KafkaRSockets.FACTORY.client(uri))
        .block(KafkaRSockets.TIMEOUT);

    await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> !client.isDisposed());

    assertThat(client.requestResponse(DefaultPayload.create("awake")).block(KafkaRSockets.TIMEOUT).getDataUtf8())
        .isEqualTo("awake");
    KafkaRSockets.close(client);
    KafkaRSockets.close(server);
  }

  @Test
  void keepaliveDetectsAPeerThatStoppedAnswering() {
    URI uri = TestBroker.shared().uri(TestBroker.freshTopic("silent-peer"), "");
    AtomicReference<DuplexConnection> serverSide = new AtomicReference<>();
    // A server transport with no RSocket behind it: frames arrive, nothing answers.
    KafkaListener listener = new KafkaServerTransport(KafkaUri.parse(uri))
        .start(c -> {
          serverSide.set(c);
          return Mono.never();
        })
        .block(KafkaRSockets.TIMEOUT);
    RSocket client = KafkaRSockets.connector(uri)
        .keepAlive(Duration.ofMillis(200), Duration.ofSeconds(1))
        .connect(KafkaRSockets.FACTORY.client(uri))
        .block(KafkaRSockets.TIMEOUT);

    AtomicReference<Throwable> error = new AtomicReference<>();
    client.onClose().subscribe(null, error::set);
    await().atMost(KafkaRSockets.TIMEOUT).until(() -> error.get() != null);
    assertThat(error.get()).isInstanceOf(ConnectionErrorException.class).hasMessageContaining("keep-alive");
    KafkaRSockets.close(listener);
  }
}
