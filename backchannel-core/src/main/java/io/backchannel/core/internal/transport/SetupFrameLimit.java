package io.backchannel.core.internal.transport;

import io.backchannel.core.transport.ListenerLimits.Refusal;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Reads the length of every frame a connection sends until it is admitted, in the bytes as they
 * arrive (after TLS, before any decoder that would buffer the frame), and closes the connection
 * at the first length above the limit: a frame claiming 16 MiB costs the listener its header. It
 * only looks and never buffers; once the connection is admitted it leaves the pipeline. One per
 * connection.
 */
abstract class SetupFrameLimit extends ChannelInboundHandlerAdapter {
  static final String NAME = "backchannel.setupFrameLimit";

  private final AdmissionGuard guard;
  private final int maxFrameSize;
  private boolean refused;
  private long rest;

  SetupFrameLimit(AdmissionGuard guard, int maxFrameSize) {
    this.guard = guard;
    this.maxFrameSize = maxFrameSize;
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object message) {
    if (refused) {
      ReferenceCountUtil.release(message);
      return;
    }
    if (guard.isAdmitted() || !(message instanceof ByteBuf bytes)) {
      if (guard.isAdmitted()) {
        context.pipeline().remove(this);
      }
      context.fireChannelRead(message);
      return;
    }
    int end = bytes.writerIndex();
    for (int i = bytes.readerIndex(); i < end; ) {
      if (rest > 0) {
        // Skip the current frame's body, as far as this buffer holds it.
        int skipped = (int) Math.min(rest, end - i);
        i += skipped;
        rest -= skipped;
        continue;
      }
      long length = header(bytes.getUnsignedByte(i++));
      if (length > maxFrameSize) {
        refused = true;
        bytes.release();
        guard.refuse(context.channel(), Refusal.FRAME_TOO_LARGE);
        return;
      }
      if (length > 0) {
        rest = length;
      }
    }
    context.fireChannelRead(message);
  }

  /**
   * Takes the next byte of the stream outside frame bodies.
   *
   * @return the body length of the frame whose header this byte completed, else -1
   */
  abstract long header(int octet);

  /** RSocket over TCP: a 3-byte big-endian length before each frame. */
  static final class Tcp extends SetupFrameLimit {
    private int headerBytes;
    private int length;

    Tcp(AdmissionGuard guard, int maxFrameSize) {
      super(guard, maxFrameSize);
    }

    @Override
    long header(int octet) {
      length = length << 8 | octet;
      if (++headerBytes < 3) {
        return -1;
      }
      int body = length;
      headerBytes = 0;
      length = 0;
      return body;
    }
  }

  /**
   * RSocket over WebSocket: the HTTP upgrade request (bounded by the HTTP decoder; it has no
   * body), then one WebSocket frame per RSocket frame, each with a 2 to 14 byte header (RFC 6455).
   */
  static final class WebSocket extends SetupFrameLimit {
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};

    private int headMatched;
    private final byte[] header = new byte[14];
    private int have;
    private int need = 2;

    WebSocket(AdmissionGuard guard, int maxFrameSize) {
      super(guard, maxFrameSize);
    }

    @Override
    long header(int octet) {
      if (headMatched < END_OF_HEAD.length) {
        headMatched = octet == END_OF_HEAD[headMatched] ? headMatched + 1 : octet == '\r' ? 1 : 0;
        return -1;
      }
      header[have++] = (byte) octet;
      int shortLength = header[1] & 0x7f;
      if (have == 2) {
        boolean masked = (header[1] & 0x80) != 0;
        need = 2 + (shortLength == 126 ? 2 : shortLength == 127 ? 8 : 0) + (masked ? 4 : 0);
      }
      if (have < need) {
        return -1;
      }
      long length = shortLength < 126 ? shortLength : 0;
      for (int i = 2; shortLength >= 126 && i < (shortLength == 126 ? 4 : 10); i++) {
        length = length << 8 | (header[i] & 0xff);
      }
      have = 0;
      need = 2;
      return length < 0 ? Long.MAX_VALUE : length;
    }
  }
}
