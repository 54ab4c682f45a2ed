package io.backchannel.spring.boot;

import io.backchannel.core.Peer;
import io.backchannel.core.auth.Authenticator;
import io.backchannel.spring.boot.services.Echo;
import io.backchannel.spring.boot.services.EchoImpl;
import java.util.concurrent.atomic.AtomicInteger;

/** Plain peers (no Spring) that the tests' contexts dial or are dialed by. */
final class TestPeers {
  private static final AtomicInteger NEXT = new AtomicInteger();

  private TestPeers() {}

  /** A unique in-JVM URI. */
  static String localUri() {
    return "local:spring-test-" + NEXT.incrementAndGet();
  }

  /** A console that accepts everyone and exports {@link Echo} as {@code nodeId}. */
  static Peer console(String nodeId) {
    return Peer.builder().nodeId(nodeId).authenticator(Authenticator.insecureAllowAll())
        .export(Echo.class, new EchoImpl(nodeId)).build();
  }
}
