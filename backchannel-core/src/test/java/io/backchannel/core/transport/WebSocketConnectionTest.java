package io.backchannel.core.transport;

import io.backchannel.testing.DuplexConnectionSuite;
import java.net.URI;
import java.time.Duration;

/** The connection contract over rsocket-java's WebSocket transport (one binary message a frame). */
class WebSocketConnectionTest extends DuplexConnectionSuite {
  @Override
  protected URI listenUri() {
    return URI.create("ws://127.0.0.1:0/rpc");
  }

  /** A 16 MiB frame took 10-16 s here with PARANOID leak detection (TCP: under a second). */
  @Override
  protected Duration timeout() {
    return Duration.ofSeconds(60);
  }
}
