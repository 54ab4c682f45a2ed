package io.backchannel.core;

import io.backchannel.testing.PeerConformanceSuite;

class LocalPeerTest extends PeerConformanceSuite {
  @Override
  protected String listenUri() {
    return "local:conformance-" + java.util.UUID.randomUUID();
  }
}
