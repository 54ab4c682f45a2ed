package io.backchannel.core.transport;

import io.backchannel.testing.DuplexConnectionSuite;
import java.net.URI;

/** The connection contract over rsocket-java's WebSocket transport (one binary message a frame). */
class WebSocketConnectionTest extends DuplexConnectionSuite {
  @Override
  protected URI listenUri() {
    return URI.create("ws://127.0.0.1:0/rpc");
  }

  /**
   * Not always, as over TCP ({@link TcpConnectionTest#deliversErrorBeforeClosing}): the same loss
   * showed up here, so the error tests are skipped.
   */
  @Override
  protected boolean deliversErrorBeforeClosing() {
    return false;
  }
}
