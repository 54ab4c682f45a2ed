package io.backchannel.transport.shm;

import io.backchannel.testing.PeerConformanceSuite;
import org.junit.jupiter.api.AfterAll;

/** The full Backchannel behavioural suite over shared memory, both peers in this JVM. */
class ShmPeerTest extends PeerConformanceSuite {
  private static final ShmTestDirs DIRS = new ShmTestDirs();
  private static int next;

  @Override
  protected String listenUri() {
    return DIRS.socketUri("peer" + next++, "").toString();
  }

  @AfterAll
  static void removeDirs() throws java.io.IOException {
    DIRS.close();
  }
}
