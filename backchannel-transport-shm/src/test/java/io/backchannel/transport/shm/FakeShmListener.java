package io.backchannel.transport.shm;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A hostile shm listener: speaks the listener's side of the handshake by hand, but names whatever
 * ring file the test chooses. One connection, on a virtual thread.
 */
final class FakeShmListener implements AutoCloseable {
  static final int CAPACITY = RingDescriptor.MIN_CAPACITY;
  static final long FILE_LENGTH = RingDescriptor.fileLength(CAPACITY);

  private final ServerSocketChannel channel;
  final Path socket;

  FakeShmListener(Path socket, Path ringPath) throws IOException {
    this.socket = socket;
    channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    channel.bind(UnixDomainSocketAddress.of(socket));
    Thread.ofVirtual().start(() -> serve(ringPath));
  }

  private void serve(Path ringPath) {
    try (SocketChannel peer = channel.accept()) {
      peer.read(ByteBuffer.allocate(16));
      byte[] name = ringPath.toString().getBytes(StandardCharsets.UTF_8);
      ByteBuffer reply = ByteBuffer.allocate(22 + name.length);
      reply.putInt(Handshake.MAGIC).putShort(Handshake.VERSION).put((byte) 0).put((byte) 1);
      reply.putInt(CAPACITY).putLong(ProcessHandle.current().pid());
      reply.putShort((short) name.length).put(name);
      peer.write(reply.flip());
      // Hold the socket until the dialer acknowledges or gives up.
      peer.read(ByteBuffer.allocate(1));
    } catch (IOException e) {
      // The dialer refused and closed: what the tests expect.
    }
  }

  /** A header a real listener would write, so only the file's other properties can give it away. */
  static byte[] validHeader() {
    ByteBuffer header = ByteBuffer.allocate(12).order(java.nio.ByteOrder.nativeOrder());
    header.putInt(RingDescriptor.MAGIC).putInt(RingDescriptor.VERSION).putInt(CAPACITY);
    return header.array();
  }

  @Override
  public void close() throws IOException {
    channel.close();
    java.nio.file.Files.deleteIfExists(socket);
  }
}
