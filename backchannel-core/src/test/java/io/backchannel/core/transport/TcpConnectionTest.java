package io.backchannel.core.transport;

import io.backchannel.testing.DuplexConnectionSuite;
import java.net.URI;

/** The connection contract over rsocket-java's TCP transport (3-byte length prefix). */
class TcpConnectionTest extends DuplexConnectionSuite {
  @Override
  protected URI listenUri() {
    return URI.create("tcp://127.0.0.1:0");
  }

  /**
   * Three bytes under what the transport reports: rsocket-java's {@code RSocketLengthCodec}
   * passes 16,777,215 to Netty's {@code LengthFieldBasedFrameDecoder} as the maximum, which counts
   * the 3-byte length prefix too, so a frame of 16,777,213 bytes or more is refused with {@code
   * TooLongFrameException} although {@code maxFrameLength()} promises 16,777,215.
   */
  @Override
  protected int largeFrameLength() {
    return super.largeFrameLength() - 3;
  }
}
