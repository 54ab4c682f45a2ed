package io.backchannel.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.rsocket.Closeable;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.util.DefaultPayload;
import java.net.URI;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

/** Payloads far above the broker's message limit cross as RSocket fragments, one per record. */
class FragmentationTest {

  @ParameterizedTest(name = "[{index}] query ''{0}''")
  @ValueSource(strings = {"", "maxFrameSize=65536"})
  void fiveMegabytePayloadsCrossBothWays(String query) {
    URI uri = TestBroker.shared().uri(TestBroker.freshTopic("big"), query);
    Closeable server = KafkaRSockets.serve(uri, SocketAcceptor.forRequestResponse(
        p -> Mono.just(DefaultPayload.create(reversed(bytes(p)), bytes(p)))));
    RSocket client = KafkaRSockets.connect(uri);
    byte[] big = new byte[5 * 1024 * 1024];
    new Random(42).nextBytes(big);

    Payload reply = client.requestResponse(DefaultPayload.create(big)).block(KafkaRSockets.TIMEOUT);

    assertThat(bytes(reply)).isEqualTo(reversed(big));
    assertThat(reply.getMetadata().remaining()).isEqualTo(big.length);
    KafkaRSockets.close(client);
    KafkaRSockets.close(server);
  }

  private static byte[] bytes(Payload p) {
    byte[] b = new byte[p.getData().remaining()];
    p.getData().get(b);
    return b;
  }

  private static byte[] reversed(byte[] b) {
    byte[] r = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      r[i] = b[b.length - 1 - i];
    }
    return r;
  }
}
