package io.backchannel.transport.kafka;

import java.util.List;
import java.util.function.Consumer;

/**
 * Frames as record values, unprotected: anyone who may read or write the session topics reads
 * or forges the session. For brokers whose topic ACLs keep every other client out.
 */
final class PlainCodec implements SessionCodec {
  /** The value of the plain close marker; {@link Outbox} writes it as a control record. */
  static final byte[] CLOSE = new byte[0];

  @Override
  public void seal(byte[] frame, Consumer<Sealed> out) {
    out.accept(new Sealed(frame, false));
  }

  @Override
  public void close(Consumer<Sealed> out) {
    out.accept(new Sealed(CLOSE, true));
  }

  @Override
  public List<byte[]> open(byte[] value, Consumer<Sealed> replies) {
    return List.of(value);
  }

  @Override
  public boolean peerClosedInBand() {
    return false;
  }

  @Override
  public boolean trustsControlRecords() {
    return true;
  }
}
