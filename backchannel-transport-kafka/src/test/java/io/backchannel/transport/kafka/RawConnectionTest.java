package io.backchannel.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.rsocket.DuplexConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The transport alone, without RSocket: records, order, close. */
class RawConnectionTest {

  @Test
  void framesCrossInOrderOneRecordEach() {
    URI uri = TestBroker.shared().uri(TestBroker.freshTopic("raw"), "");
    AtomicReference<DuplexConnection> serverSide = new AtomicReference<>();
    List<String> received = new CopyOnWriteArrayList<>();
    KafkaListener listener = new KafkaServerTransport(KafkaUri.parse(uri))
        .start(c -> {
          serverSide.set(c);
          c.receive().subscribe(f -> received.add(f.toString(StandardCharsets.UTF_8)), e -> {});
          return Mono.never();
        })
        .block(KafkaRSockets.TIMEOUT);
    DuplexConnection client = new KafkaClientTransport(KafkaUri.parse(uri)).connect().block(KafkaRSockets.TIMEOUT);

    for (int i = 0; i < 50; i++) {
      client.sendFrame(1, Unpooled.copiedBuffer("frame " + i, StandardCharsets.UTF_8));
    }

    await().atMost(KafkaRSockets.TIMEOUT).until(() -> received.size() == 50);
    assertThat(received).startsWith("frame 0", "frame 1").endsWith("frame 49");
    client.dispose();
    client.onClose().block(KafkaRSockets.TIMEOUT);
    KafkaRSockets.close(listener);
  }
}
