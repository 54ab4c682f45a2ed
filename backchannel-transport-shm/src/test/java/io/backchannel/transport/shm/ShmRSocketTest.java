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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** RSocket interactions over shm with both peers in this JVM, for each wake-up and handshake mode. */
class ShmRSocketTest {
  private static ShmTestDirs dirs;
  private final List<Runnable> cleanups = new ArrayList<>();

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
  void cleanUp() {
    // Every cleanup runs even if one fails; the first failure is reported.
    Closer closer = new Closer();
    cleanups.forEach(cleanup -> closer.register(cleanup::run));
    cleanups.clear();
    closer.close();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(dirs.ringFiles()).isEmpty());
  }

  private URI uri(String mode) {
    return switch (mode) {
      case "futex" -> dirs.socketUri("futex", "spin=20us");
      case "futex-nospin" -> dirs.socketUri("nospin", "spin=0&ring=4k");
      case "doorbell" -> dirs.socketUri("doorbell", "wake=doorbell&spin=0");
      case "tcp" -> dirs.tcpUri("spin=5us");
      default -> throw new IllegalArgumentException(mode);
    };
  }

  private RSocket connect(String mode, SocketAcceptor serverAcceptor, SocketAcceptor clientAcceptor) {
    URI requested = uri(mode);
    TransportFactory factory = Transports.forUri(requested);
    Closeable server = RSocketServer.create(serverAcceptor).bind(factory.server(requested)).block();
    cleanups.add(() -> {
      server.dispose();
      server.onClose().block(Duration.ofSeconds(5));
    });
    URI bound = factory.boundUri(requested, server);
    RSocket client = RSocketConnector.create().acceptor(clientAcceptor).connect(factory.client(bound)).block();
    cleanups.add(() -> {
      client.dispose();
      client.onClose().block(Duration.ofSeconds(5));
    });
    return client;
  }

  private RSocket connect(String mode, RSocket handler) {
    return connect(mode, SocketAcceptor.with(handler), SocketAcceptor.with(new RSocket() {}));
  }

  @ParameterizedTest
  @ValueSource(strings = {"futex", "futex-nospin", "doorbell", "tcp"})
  void requestResponseEchoes(String mode) {
    RSocket client = connect(mode, new RSocket() {
      @Override
      public Mono<Payload> requestResponse(Payload payload) {
        return Mono.just(payload);
      }
    });
    for (int i = 0; i < 200; i++) {
      Payload reply = client.requestResponse(DefaultPayload.create("hello " + i, "meta")).block(Duration.ofSeconds(5));
      assertThat(reply.getDataUtf8()).isEqualTo("hello " + i);
      assertThat(reply.getMetadataUtf8()).isEqualTo("meta");
      reply.release();
    }
  }

  @Test
  void ringFilesMayLiveOnADiskBackedDirectory(@TempDir Path disk) {
    URI uri = URI.create("shm://" + dirs.socketDir.resolve("disk.sock") + "?dir=" + disk);
    TransportFactory factory = Transports.forUri(uri);
    Closeable server = RSocketServer.create(SocketAcceptor.forRequestResponse(Mono::just)).bind(factory.server(uri)).block();
    RSocket client = RSocketConnector.connectWith(factory.client(uri)).block();
    try {
      Payload reply = client.requestResponse(DefaultPayload.create("on disk")).block(Duration.ofSeconds(5));
      assertThat(reply.getDataUtf8()).isEqualTo("on disk");
      reply.release();
      assertThat(disk.toFile().list()).isEmpty();
    } finally {
      client.dispose();
      server.dispose();
      client.onClose().block(Duration.ofSeconds(5));
      server.onClose().block(Duration.ofSeconds(5));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"futex", "doorbell"})
  void fireAndForgetArrives(String mode) {
    List<String> received = new CopyOnWriteArrayList<>();
    RSocket client = connect(mode, new RSocket() {
      @Override
      public Mono<Void> fireAndForget(Payload payload) {
        received.add(payload.getDataUtf8());
        payload.release();
        return Mono.empty();
      }
    });
    for (int i = 0; i < 100; i++) {
      client.fireAndForget(DefaultPayload.create("f" + i)).block();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 100);
    assertThat(received).startsWith("f0", "f1").endsWith("f99");
  }

  @ParameterizedTest
  @ValueSource(strings = {"futex-nospin", "doorbell"})
  void requestStreamHonoursBackpressure(String mode) {
    AtomicReference<Long> maxOutstanding = new AtomicReference<>(0L);
    RSocket client = connect(mode, new RSocket() {
      @Override
      public Flux<Payload> requestStream(Payload payload) {
        payload.release();
        return Flux.range(0, 1000)
            .map(i -> DefaultPayload.create("item " + i))
            .doOnRequest(n -> maxOutstanding.accumulateAndGet(n, Math::max));
      }
    });
    StepVerifier.create(client.requestStream(DefaultPayload.create("go")).map(p -> {
          String s = p.getDataUtf8();
          p.release();
          return s;
        }), 0)
        .thenRequest(3)
        .expectNext("item 0", "item 1", "item 2")
        .expectNoEvent(Duration.ofMillis(100))
        .thenRequest(997)
        .expectNextCount(996)
        .expectNext("item 999")
        .verifyComplete();
    assertThat(maxOutstanding.get()).isLessThanOrEqualTo(997L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"futex", "doorbell"})
  void requestChannelFlowsBothWays(String mode) {
    RSocket client = connect(mode, new RSocket() {
      @Override
      public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
        return Flux.from(payloads).map(p -> {
          String s = p.getDataUtf8();
          p.release();
          return DefaultPayload.create(s.toUpperCase());
        });
      }
    });
    List<String> out = client.requestChannel(Flux.range(0, 50).map(i -> DefaultPayload.create("c" + i)))
        .map(p -> {
          String s = p.getDataUtf8();
          p.release();
          return s;
        })
        .collectList()
        .block(Duration.ofSeconds(10));
    assertThat(out).hasSize(50).startsWith("C0").endsWith("C49");
  }

  @ParameterizedTest
  @ValueSource(strings = {"futex", "tcp"})
  void serverCallsTheClientBack(String mode) {
    AtomicReference<RSocket> clientFacing = new AtomicReference<>();
    SocketAcceptor server = (setup, sendingSocket) -> {
      clientFacing.set(sendingSocket);
      return Mono.just(new RSocket() {});
    };
    SocketAcceptor client = SocketAcceptor.forRequestResponse(p -> {
      String s = p.getDataUtf8();
      p.release();
      return Mono.just(DefaultPayload.create("client says " + s));
    });
    connect(mode, server, client);
    await().atMost(Duration.ofSeconds(5)).until(() -> clientFacing.get() != null);
    Payload reply = clientFacing.get().requestResponse(DefaultPayload.create("ping")).block(Duration.ofSeconds(5));
    assertThat(reply.getDataUtf8()).isEqualTo("client says ping");
    reply.release();
  }
}
