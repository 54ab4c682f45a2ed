package io.backchannel.core;

import org.junit.jupiter.api.BeforeEach;
import io.backchannel.testing.Closer;
import io.backchannel.core.auth.Authenticator;
import io.backchannel.testing.TestAuth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backchannel.NotConnectedException;
import io.backchannel.ConnectionLostException;
import io.backchannel.PeerRejectedException;
import io.backchannel.core.codec.Codec;
import io.backchannel.core.codec.Codecs;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SetupTest {
  private final Closer closer = new Closer();
  private Peer console;
  private String uri;

  @BeforeEach
  void start() {
    console = closer.register(Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
        .export(Greeter.class, new GreeterImpl("console")).build());
    uri = console.listen("tcp://127.0.0.1:0").uri().toString();
  }

  @AfterEach
  void close() {
    closer.close();
  }

  @Test
  void aCodecTheListenerDoesNotSpeakIsRejected() {
    try (Peer sidecar = Peer.builder().nodeId("odd").credential(TestAuth.token("odd")).codec(new UnknownCodec()).build()) {
      assertThatThrownBy(() -> sidecar.dial(uri))
          .isInstanceOf(PeerRejectedException.class)
          .hasMessageContaining("application/x-unknown");
    }
    assertThat(console.connection("odd")).isEmpty();
  }

  @Test
  void theDialerChoosesTheCodec() {
    try (Peer sidecar = Peer.builder().nodeId("json").credential(TestAuth.token("json")).codec(Codecs.json()).build()) {
      assertThat(sidecar.dial(uri).proxy(Greeter.class).hello("j")).isEqualTo("hello j from console");
    }
  }

  @Test
  void dialingNothingFailsAsNotConnected() {
    try (Peer sidecar = Peer.builder().authenticator(Authenticator.insecureAllowAll()).build()) {
      String closed = sidecar.listen("tcp://127.0.0.1:0").uri().toString();
      sidecar.close();
      try (Peer other = Peer.builder().build()) {
        assertThatThrownBy(() -> other.dial(closed)).isInstanceOf(NotConnectedException.class).hasMessageContaining(closed);
      }
    }
  }

  @Test
  void unknownSchemesAreRefusedClearly() {
    assertThatThrownBy(() -> console.listen("carrier-pigeon://roof"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no transport for scheme 'carrier-pigeon'");
  }

  /** A codec only the dialer knows. */
  private static final class UnknownCodec implements Codec {
    @Override
    public String mimeType() {
      return "application/x-unknown";
    }

    @Override
    public void encodeArguments(Type[] types, Object[] args, OutputStream out) {}

    @Override
    public Object[] decodeArguments(Type[] types, InputStream in) {
      return new Object[0];
    }

    @Override
    public void encode(Type type, Object value, OutputStream out) {}

    @Override
    public Object decode(Type type, InputStream in) {
      return null;
    }
  }
}
