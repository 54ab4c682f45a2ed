package io.backchannel.core.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.backchannel.BackchannelException;
import io.backchannel.RemoteException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.rsocket.exceptions.ApplicationErrorException;
import io.rsocket.exceptions.InvalidException;
import io.rsocket.exceptions.RejectedException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Coverage-guided fuzzing of every decoder that reads bytes a remote peer chose. In the normal
 * test run each method replays the committed corpus under {@code WireDecodersFuzzTestInputs/};
 * {@code -Pfuzz} explores from it (docs/fuzzing.md). Each decoder may only return a value or throw
 * its documented decoding error, and leaves the harness's buffer as it found it: the harness
 * releases it, and Netty's PARANOID leak detection (LeakCheckExtension) reports anything else.
 */
class WireDecodersFuzzTest {

  /** A declared exception type the error mapping may rebuild from a payload's type names. */
  public static final class DeclaredFailure extends Exception {
    public DeclaredFailure(String message) {
      super(message);
    }
  }

  @FuzzTest(maxDuration = "60s")
  void requestMetadata(byte[] input) {
    withBuffer(input, metadata -> {
      try {
        RequestMetadata decoded = RequestMetadata.decode(metadata);
        assertThat(WireText.isValid(decoded.requestId(), WireText.MAX_REQUEST_ID)).isTrue();
        assertThat(WireText.isValid(decoded.route(), WireText.MAX_ROUTE)).isTrue();
        assertThat(decoded.deadlineMillis()).isGreaterThanOrEqualTo(-1);
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    });
  }

  @FuzzTest(maxDuration = "60s")
  void helloInSetupMetadata(byte[] input) {
    withBuffer(input, metadata -> {
      try {
        Hello hello = Hello.fromSetupMetadata(metadata);
        assertThat(hello == null || !hello.nodeId().isBlank()).isTrue();
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
      try {
        Hello.bearerToken(metadata);
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    });
  }

  @FuzzTest(maxDuration = "60s")
  void helloJson(byte[] input) {
    withBuffer(input, json -> {
      try {
        assertThat(Hello.fromJson(json).nodeId()).isNotBlank();
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    });
  }

  @FuzzTest(maxDuration = "60s")
  void control(byte[] input) {
    // Documented: null when there is no control message or it is malformed; never an exception.
    withBuffer(input, metadata -> {
      Control control = Control.decode(metadata);
      assertThat(control == null || control.type() != null).isTrue();
    });
  }

  @FuzzTest(maxDuration = "60s")
  void errorPayload(byte[] input) {
    String message = new String(input, StandardCharsets.UTF_8);
    ErrorPayload payload = ErrorPayload.parse(message);
    if (payload != null) {
      assertThat(payload.status()).isNotNull();
      assertThat(WireText.isValid(payload.requestId(), WireText.MAX_REQUEST_ID)).isTrue();
    }
    List<Class<?>> declared = List.of(DeclaredFailure.class);
    for (Throwable wire : List.of(
        new ApplicationErrorException(message), new InvalidException(message), new RejectedException(message))) {
      Throwable mapped = ErrorMapping.fromWire(wire, "caller-id", declared);
      assertThat(mapped).isInstanceOfAny(BackchannelException.class, DeclaredFailure.class);
      if (mapped instanceof DeclaredFailure) {
        assertThat(mapped.getCause()).isInstanceOf(RemoteException.class);
      }
    }
  }

  /** Runs {@code decoder} on a pooled direct buffer holding {@code input}, then releases it. */
  static void withBuffer(byte[] input, Consumer<ByteBuf> decoder) {
    ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(input.length).writeBytes(input);
    try {
      decoder.accept(buffer);
      assertThat(buffer.refCnt()).as("the decoder neither releases nor retains its input").isEqualTo(1);
      assertThat(buffer.readerIndex()).as("the decoder does not consume its input").isZero();
    } finally {
      buffer.release(buffer.refCnt());
    }
  }
}
