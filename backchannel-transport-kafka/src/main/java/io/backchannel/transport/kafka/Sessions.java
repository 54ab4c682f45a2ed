package io.backchannel.transport.kafka;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import javax.net.ssl.SSLEngine;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.jspecify.annotations.Nullable;

/** Wires a session's reader, outbox and connection together and starts its poll thread. */
final class Sessions {
  /** How long a server that closes first waits for the client to acknowledge before deleting topics. */
  static final Duration SERVER_LINGER = Duration.ofSeconds(3);

  private Sessions() {}

  /** What a server learns about a session before RSocket does; both run on the poll thread. */
  record Hooks(Runnable firstFrame, Runnable forged) {
    static final Hooks NONE = new Hooks(() -> {}, () -> {});
  }

  /**
   * Opens one side of a session. Takes over {@code producer}: the connection releases it when it
   * closes, then runs {@code afterClose}.
   */
  static KafkaDuplexConnection open(KafkaUri uri, SharedProducer producer, SessionTopics topics, boolean server,
      @Nullable SslContext tls, Hooks hooks, Runnable afterClose) {
    AtomicReference<KafkaDuplexConnection> self = new AtomicReference<>();
    AtomicReference<Outbox> outboxRef = new AtomicReference<>();
    String in = server ? topics.clientToServer() : topics.serverToClient();
    String out = server ? topics.serverToClient() : topics.clientToServer();
    String role = server ? "server" : "client";
    SessionCodec codec = tls == null ? new PlainCodec() : new TlsCodec(engine(uri, tls, server), uri.maxFrameSize());
    SessionReader reader = new SessionReader(
        new KafkaConsumer<>(KafkaConfigs.assignedConsumer(uri, role + "-session")), in, codec,
        sealed -> outboxRef.get().writeSealed(sealed), hooks.firstFrame(), hooks.forged(), () -> self.get().dispose());
    Outbox outbox = new Outbox(producer.producer(), out, codec, error -> self.get().fail(error));
    outboxRef.set(outbox);
    KafkaDuplexConnection connection = new KafkaDuplexConnection(
        new KafkaSocketAddress(uri.bootstrapServers(), uri.topic(), topics.id()),
        reader,
        outbox,
        codec,
        server ? SERVER_LINGER : Duration.ZERO,
        () -> {
          producer.release();
          afterClose.run();
        });
    self.set(connection);
    if (!server) {
      outbox.begin();
    }
    reader.start("backchannel-kafka-" + role + "-" + topics.id().substring(0, 8));
    return connection;
  }

  /** A server engine, or a client engine that checks the listener's certificate against {@code serverName}. */
  private static SSLEngine engine(KafkaUri uri, SslContext tls, boolean server) {
    if (server) {
      return tls.newEngine(ByteBufAllocator.DEFAULT);
    }
    String serverName = uri.tls() == null ? null : uri.tls().serverName();
    if (serverName == null) {
      throw new IllegalArgumentException("a TLS dialer needs serverName=");
    }
    return tls.newEngine(ByteBufAllocator.DEFAULT, serverName, -1);
  }
}
