package io.backchannel.core;

import io.backchannel.core.codec.Codecs;
import io.backchannel.testing.PeerConformanceSuite;

/** The whole behavioural suite with JSON on the wire instead of CBOR. */
class JsonCodecPeerTest extends PeerConformanceSuite {
  @Override
  protected String listenUri() {
    return "tcp://127.0.0.1:0";
  }

  @Override
  protected PeerBuilder configure(PeerBuilder builder) {
    return builder.codec(Codecs.json());
  }
}
