package io.backchannel.transport.kafka;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Turns a session's frames into record values and back: {@link PlainCodec} as they are, {@link
 * TlsCodec} inside TLS. Sealing runs on the session's sending thread, opening on its poll thread;
 * records go to {@code out} in the order they must be written.
 */
interface SessionCodec {

  /** A record value to write; {@code closes} marks the last one of this direction. */
  record Sealed(byte[] value, boolean closes) {}

  /** Completes when the session can carry frames (TLS: the handshake completed), or fails with why not. */
  default CompletableFuture<Void> ready() {
    return CompletableFuture.completedFuture(null);
  }

  /** Starts the session's own part of the protocol (a TLS client sends its hello). */
  default void begin(Consumer<Sealed> out) {}

  /** Seals one frame (or keeps it until the session can carry it). Takes ownership of {@code frame}. */
  void seal(byte[] frame, Consumer<Sealed> out);

  /** Ends this direction: seals a close behind everything sealed so far. */
  void close(Consumer<Sealed> out);

  /**
   * The frames in one received record value, in order. Throws on a record that fails the codec's
   * check (forged, replayed, reordered or corrupted): the session must end. Records the protocol
   * must answer with (TLS handshake messages) go to {@code replies}.
   */
  List<byte[]> open(byte[] value, Consumer<Sealed> replies) throws IOException;

  /** Whether the peer closed its direction inside the byte stream (TLS close_notify). */
  boolean peerClosedInBand();

  /**
   * Whether a plain {@code close} control record counts as the peer's close. False under TLS,
   * where anyone with write access to the topic could append one: the reader treats it as forged.
   */
  boolean trustsControlRecords();
}
