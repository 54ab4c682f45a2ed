package io.backchannel.core.transport;

import io.backchannel.testing.DuplexConnectionSuite;
import java.net.URI;
import java.util.UUID;

/** The connection contract over rsocket-java's in-JVM transport (frames passed by reference). */
class LocalConnectionTest extends DuplexConnectionSuite {
  @Override
  protected URI listenUri() {
    return URI.create("local:connection-" + UUID.randomUUID());
  }
}
