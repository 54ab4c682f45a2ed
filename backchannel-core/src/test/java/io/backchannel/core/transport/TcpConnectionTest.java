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

  /**
   * Not always, so the error tests are skipped here: in 9 of 40 tries client to server and 6 of
   * 40 server to client (rsocket-java 1.1.5, reactor-netty 1.3, this 2-core machine) the peer saw
   * the connection close with neither the ERROR frame nor the frame sent just before it. RSocket's
   * own setup rejections take this path, so a rejected dial can look like a plain close.
   */
  @Override
  protected boolean deliversErrorBeforeClosing() {
    return false;
  }
}
