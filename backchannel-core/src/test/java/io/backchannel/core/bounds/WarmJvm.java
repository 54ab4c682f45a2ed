package io.backchannel.core.bounds;

import io.backchannel.core.Peer;
import io.backchannel.core.node.Target;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;

/**
 * One full admission and call with default limits, so that class loading and JIT of a cold JVM on
 * a busy machine do not count against the short setup timeouts these tests give honest sidecars.
 */
final class WarmJvm {
  private static boolean warm;

  private WarmJvm() {}

  static synchronized void once() {
    if (warm) {
      return;
    }
    try (Peer console = Peer.builder().nodeId("warm-console").authenticator(TestAuth.authenticator())
            .export(Greeter.class, new GreeterImpl("warm-console")).build();
        Peer sidecar = Peer.builder().nodeId("warm").tenant("acme").credential(TestAuth.token("acme", "warm", "node"))
            .build()) {
      sidecar.dial(console.listen("tcp://127.0.0.1:0").uri().toString());
      sidecar.proxy(Greeter.class, Target.node("warm-console")).hello("x");
    }
    warm = true;
  }
}
