package io.backchannel.transport.shm;

import io.backchannel.testing.Closer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.transport.TransportFactory;
import io.backchannel.core.transport.Transports;
import io.rsocket.Closeable;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketConnector;
import io.rsocket.core.RSocketServer;
import io.rsocket.util.DefaultPayload;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Peers in two JVMs: this one and a {@link PeerProcess} child. */
class ShmTwoProcessTest {
  private static ShmTestDirs dirs;
  private final List<AutoCloseable> cleanups = new ArrayList<>();

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

  @AfterEach
  void cleanUp() throws Exception {
    // Every cleanup runs even if one fails; the first failure is reported.
    Closer closer = new Closer();
    cleanups.forEach(closer::register);
    cleanups.clear();
    closer.close();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(dirs.ringFiles()).isEmpty());
  }

  private ChildJvm child(boolean nativeAccess, String role, URI uri) {
    ChildJvm child = new ChildJvm(nativeAccess, role, uri.toString());
    cleanups.add(child);
    return child;
  }

  private RSocket dial(URI uri, SocketAcceptor acceptor) {
    TransportFactory factory = Transports.forUri(uri);
    RSocket client = RSocketConnector.create().acceptor(acceptor).connect(factory.client(uri)).block(Duration.ofSeconds(10));
    cleanups.add(() -> {
      client.dispose();
      client.onClose().block(Duration.ofSeconds(5));
    });
    return client;
  }

  private static String text(Payload payload) {
    String s = payload.getDataUtf8();
    payload.release();
    return s;
  }

  @Test
  void everyInteractionWorksAgainstAServerInAnotherProcess() {
    URI uri = URI.create(child(true, "server", dirs.socketUri("srv", "ring=1m&spin=20us")).awaitReady());
    RSocket client = dial(uri, SocketAcceptor.forRequestResponse(p -> Mono.just(DefaultPayload.create("pong for " + text(p)))));

    assertThat(text(client.requestResponse(DefaultPayload.create("hello")).block())).isEqualTo("hello");

    for (int i = 0; i < 10; i++) {
      client.fireAndForget(DefaultPayload.create("f")).block();
    }
    await().atMost(Duration.ofSeconds(5))
        .until(() -> text(client.requestResponse(DefaultPayload.create("count")).block()).equals("10"));

    StepVerifier.create(client.requestStream(DefaultPayload.create("100")).map(ShmTwoProcessTest::text), 0)
        .thenRequest(2)
        .expectNext("item 0", "item 1")
        .expectNoEvent(Duration.ofMillis(100))
        .thenRequest(98)
        .expectNextCount(97)
        .expectNext("item 99")
        .verifyComplete();

    assertThat(client.requestChannel(Flux.range(0, 20).map(i -> DefaultPayload.create("c" + i))).map(ShmTwoProcessTest::text)
            .collectList().block(Duration.ofSeconds(10)))
        .hasSize(20).startsWith("C0").endsWith("C19");

    assertThat(text(client.requestResponse(DefaultPayload.create("callback:ping")).block(Duration.ofSeconds(5))))
        .isEqualTo("other side said pong for ping");

    byte[] big = new byte[10 * 1024 * 1024];
    Arrays.fill(big, (byte) 'z');
    big[big.length - 1] = 'e';
    Payload reply = client.requestResponse(DefaultPayload.create(big)).block(Duration.ofSeconds(30));
    byte[] echoed = new byte[reply.data().readableBytes()];
    reply.data().readBytes(echoed);
    reply.release();
    assertThat(echoed).isEqualTo(big);
  }

  @Test
  void killingTheServerProcessFailsInFlightCallsAndClosesTheConnection() {
    ChildJvm server = child(true, "server", dirs.socketUri("kill", "spin=0"));
    URI uri = URI.create(server.awaitReady());
    RSocket client = dial(uri, SocketAcceptor.with(new RSocket() {}));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    client.requestResponse(DefaultPayload.create("hang")).subscribe(p -> p.release(), failure::set);

    long killed = System.nanoTime();
    server.kill9();

    await().atMost(Duration.ofSeconds(2)).until(() -> failure.get() != null);
    client.onClose().block(Duration.ofSeconds(2));
    System.out.printf("server kill -9 detected after %d ms: %s%n", (System.nanoTime() - killed) / 1_000_000, failure.get());
    assertThat(client.isDisposed()).isTrue();
    assertThat(dirs.ringFiles()).isEmpty();

    // The dead listener's socket file is stale: a new listener on the same path replaces it.
    Closeable again = RSocketServer.create().bind(Transports.forUri(uri).server(uri)).block();
    again.dispose();
    again.onClose().block(Duration.ofSeconds(5));
  }

  @Test
  void killingTheClientProcessClosesTheServersConnection() {
    AtomicReference<RSocket> clientFacing = new AtomicReference<>();
    URI uri = dirs.socketUri("killclient", "spin=0");
    TransportFactory factory = Transports.forUri(uri);
    Closeable server = RSocketServer.create((setup, sendingSocket) -> {
          clientFacing.set(sendingSocket);
          return Mono.just(new RSocket() {});
        })
        .bind(factory.server(uri))
        .block();
    cleanups.add(() -> {
      server.dispose();
      server.onClose().block(Duration.ofSeconds(5));
    });
    ChildJvm client = child(true, "client", uri);
    client.awaitReady();
    await().atMost(Duration.ofSeconds(5)).until(() -> clientFacing.get() != null);
    assertThat(text(clientFacing.get().requestResponse(DefaultPayload.create("hi")).block(Duration.ofSeconds(5)))).isEqualTo("hi");
    AtomicReference<Throwable> failure = new AtomicReference<>();
    clientFacing.get().requestResponse(DefaultPayload.create("hang")).subscribe(p -> p.release(), failure::set);

    client.kill9();

    await().atMost(Duration.ofSeconds(2)).until(() -> failure.get() != null);
    clientFacing.get().onClose().block(Duration.ofSeconds(2));
  }

  @Test
  void aPeerWithoutNativeAccessFallsBackToTheDoorbell() {
    ChildJvm server = child(false, "server", dirs.socketUri("nonative", "spin=0"));
    URI uri = URI.create(server.awaitReady());
    RSocket client = dial(uri, SocketAcceptor.with(new RSocket() {}));
    for (int i = 0; i < 50; i++) {
      assertThat(text(client.requestResponse(DefaultPayload.create("ring " + i)).block(Duration.ofSeconds(5)))).isEqualTo("ring " + i);
    }
    assertThat(server.output).anyMatch(line -> line.contains("wakes peers through the handshake socket"));
  }
}
