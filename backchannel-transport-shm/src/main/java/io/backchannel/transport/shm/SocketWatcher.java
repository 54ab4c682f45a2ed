package io.backchannel.transport.shm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Blocks reading the handshake socket for the connection's life. A closed socket means the peer
 * is gone (the kernel closes it even on {@code kill -9}); doorbell bytes wake this side's reader
 * or writer. Runs on its own thread; costs nothing while idle.
 */
final class SocketWatcher implements Runnable {
  private final SocketChannel socket;
  private final Waiter dataWaiter;
  private final Waiter spaceWaiter;
  private final Runnable onPeerGone;

  SocketWatcher(SocketChannel socket, Waiter dataWaiter, Waiter spaceWaiter, Runnable onPeerGone) {
    this.socket = socket;
    this.dataWaiter = dataWaiter;
    this.spaceWaiter = spaceWaiter;
    this.onPeerGone = onPeerGone;
  }

  @Override
  public void run() {
    ByteBuffer buffer = ByteBuffer.allocate(64);
    try {
      while (socket.read(buffer.clear()) >= 0) {
        for (int i = 0; i < buffer.position(); i++) {
          switch (buffer.get(i)) {
            case Wakeup.DATA -> dataWaiter.wakeLocal();
            case Wakeup.SPACE -> spaceWaiter.wakeLocal();
            default -> {
              // Unknown doorbells from a newer peer: waking both is always safe.
              dataWaiter.wakeLocal();
              spaceWaiter.wakeLocal();
            }
          }
        }
      }
    } catch (IOException e) {
      // Reset by a dying peer, or closed by this side: either way the peer is unreachable.
    } finally {
      onPeerGone.run();
    }
  }
}
