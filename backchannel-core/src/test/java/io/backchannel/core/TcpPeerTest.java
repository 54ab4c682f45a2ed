package io.backchannel.core;

import io.backchannel.testing.PeerConformanceSuite;

class TcpPeerTest extends PeerConformanceSuite {
  @Override
  protected String listenUri() {
    return "tcp://127.0.0.1:0";
  }
}
