package io.backchannel.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.rsocket.frame.FrameHeaderCodec;
import io.rsocket.frame.FrameType;
import io.rsocket.frame.PayloadFrameCodec;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * RSocket PAYLOAD (NEXT) frames whose data starts with a sequence number, for the connection-level
 * suite. Each frame is one unpooled buffer, so a test can check {@code refCnt() == 0} after the
 * transport is done with it: a pooled buffer could already be reused by then.
 */
public final class TestFrames {
  /** Header bytes in front of the data of a frame without metadata. */
  public static final int HEADER = FrameHeaderCodec.size();
  private static final int SEQUENCE = Integer.BYTES;

  private TestFrames() {}

  /** A NEXT frame on {@code streamId} carrying {@code sequence} and {@code padding} more bytes. */
  public static ByteBuf next(int streamId, int sequence, int padding) {
    ByteBuf frame = header(streamId, SEQUENCE + padding);
    frame.writeInt(sequence);
    frame.writeZero(padding);
    return frame;
  }

  /** A NEXT frame of exactly {@code frameLength} bytes: the sequence, then seeded random bytes. */
  public static ByteBuf random(int streamId, int sequence, int frameLength, long seed) {
    int padding = frameLength - HEADER - SEQUENCE;
    byte[] bytes = new byte[padding];
    new Random(seed).nextBytes(bytes);
    ByteBuf frame = header(streamId, SEQUENCE + padding);
    frame.writeInt(sequence);
    frame.writeBytes(bytes);
    return frame;
  }

  /** The sequence number {@link #next} or {@link #random} put in {@code frame}. */
  public static int sequence(ByteBuf frame) {
    ByteBuf data = PayloadFrameCodec.data(frame);
    return data.getInt(data.readerIndex());
  }

  /** CRC32 of the whole frame, to compare large frames without keeping a copy. */
  public static long checksum(ByteBuf frame) {
    CRC32 crc = new CRC32();
    crc.update(frame.nioBuffer(frame.readerIndex(), frame.readableBytes()));
    return crc.getValue();
  }

  private static ByteBuf header(int streamId, int dataLength) {
    ByteBuf frame = FrameHeaderCodec.encode(UnpooledByteBufAllocator.DEFAULT, streamId, FrameType.PAYLOAD, FrameHeaderCodec.FLAGS_N);
    frame.ensureWritable(dataLength);
    return frame;
  }
}
