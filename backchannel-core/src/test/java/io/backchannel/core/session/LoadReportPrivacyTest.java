package io.backchannel.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.core.auth.Authenticator;
import io.backchannel.core.internal.session.Session;
import io.backchannel.testing.Closer;
import io.netty.buffer.ByteBuf;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
import io.rsocket.metadata.CompositeMetadata;
import io.rsocket.transport.netty.client.TcpClientTransport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * A hub's load is a side channel on every tenant's traffic. A raw rsocket-java client that dialed
 * the hub records every METADATA_PUSH it gets: while the hub keeps reporting its load to a node it
 * dialed itself, the client never hears of it.
 */
class LoadReportPrivacyTest {
  private final Closer closer = new Closer();

  @AfterEach
  void close() {
    closer.close();
  }

  @Test
  void aListenerReportsItsLoadOnlyToNodesItDialed() {
    AtomicInteger gaugeReads = new AtomicInteger();
    Peer hub = closer.register(Peer.builder().nodeId("hub").authenticator(Authenticator.insecureAllowAll())
        .loadReportInterval(Duration.ofMillis(20))
        .loadGauge(() -> {
          gaugeReads.incrementAndGet();
          return 5_000;
        })
        .build());
    URI hubUri = hub.listen("tcp://127.0.0.1:0").uri();
    Peer upstream = closer.register(Peer.builder().nodeId("upstream").authenticator(Authenticator.insecureAllowAll()).build());
    URI upstreamUri = upstream.listen("tcp://127.0.0.1:0").uri();

    Queue<String> pushed = new ConcurrentLinkedQueue<>();
    RSocket tenant = RSocketConnector.create()
        .metadataMimeType("message/x.rsocket.composite-metadata.v0")
        .dataMimeType("application/cbor")
        .acceptor((setup, hubSide) -> Mono.just(new RSocket() {
          @Override
          public Mono<Void> metadataPush(Payload payload) {
            try {
              pushed.add(controlText(payload.sliceMetadata()));
            } finally {
              payload.release();
            }
            return Mono.empty();
          }
        }))
        .connect(TcpClientTransport.create(hubUri.getHost(), hubUri.getPort()))
        .block(Duration.ofSeconds(10));
    closer.register(tenant::dispose);
    await().until(() -> hub.connections().size() == 1);
    hub.dial(upstreamUri.toString());

    // The node the hub dialed learns the hub's load (its gauge of 5,000 outweighs everything else).
    await().until(() -> upstream.connection("hub").map(c -> ((Session) c).load().cost() > 5_000).orElse(false));
    int readsSeen = gaugeReads.get();
    await().until(() -> gaugeReads.get() >= readsSeen + 5);
    assertThat(pushed).noneMatch(text -> text.contains("\"load\""));
    assertThat(tenant.isDisposed()).isFalse();
  }

  private static String controlText(ByteBuf metadata) {
    StringBuilder text = new StringBuilder();
    for (CompositeMetadata.Entry entry : new CompositeMetadata(metadata, false)) {
      text.append(entry.getMimeType()).append(' ').append(entry.getContent().toString(StandardCharsets.UTF_8)).append('\n');
    }
    return text.toString();
  }
}
