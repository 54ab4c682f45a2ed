package io.backchannel.core;

import io.backchannel.testing.PeerConformanceSuite;

class WebSocketPeerTest extends PeerConformanceSuite {
  @Override
  protected String listenUri() {
    return "ws://127.0.0.1:0/rpc";
  }
}
