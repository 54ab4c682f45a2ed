package io.backchannel.transport.shm;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/**
 * The exchange on the freshly connected socket, after which frames flow through the rings and
 * the socket only carries doorbells and, by closing, the news that the peer is gone.
 *
 * <pre>
 * dialer -> listener  HELLO  magic int, version short, flags byte (1 = can futex), 0 byte, pid long
 * listener -> dialer  REPLY  magic int, version short, status byte (0 ok, 1 bad version),
 *                            wake byte (0 futex, 1 doorbell), ring capacity int, pid long,
 *                            path length short, path UTF-8
 * dialer -> listener  ACK    1 byte, once the file is mapped; both sides then unlink it
 * </pre>
 *
 * Blocking; called on a handshake thread, never on an event loop.
 */
final class Handshake {
  static final int MAGIC = 0x42434853; // "BCHS"
  static final short VERSION = 1;
  private static final byte CAN_FUTEX = 1;
  private static final byte OK = 0;
  private static final byte BAD_VERSION = 1;
  private static final byte ACK = 1;

  /** What both sides agreed on: the mapped rings and whether to wake with a futex. */
  record Result(MappedRings rings, boolean futex, long peerPid) {}

  private Handshake() {}

  /**
   * Dialer side. Maps the file the listener names only if it is one {@code listenerUser} created
   * in the configured ring directory (see {@link ListenerRingFile}).
   */
  static Result dial(SocketChannel socket, ShmOptions options, boolean canFutex, UserPrincipal listenerUser)
      throws IOException {
    Disposable timeout = closeAfterTimeout(socket, options);
    try {
      ByteBuffer hello = ByteBuffer.allocate(16);
      hello.putInt(MAGIC).putShort(VERSION).put(canFutex ? CAN_FUTEX : 0).put((byte) 0).putLong(ProcessHandle.current().pid());
      writeFully(socket, hello.flip());
      ByteBuffer reply = readFully(socket, 22);
      checkMagic(reply.getInt());
      short version = reply.getShort();
      byte status = reply.get();
      if (status != OK || version != VERSION) {
        throw new IOException("shm listener speaks version " + version + ", this side " + VERSION);
      }
      boolean futex = reply.get() == 0;
      int capacity = reply.getInt();
      long peerPid = reply.getLong();
      int pathLength = Short.toUnsignedInt(reply.getShort());
      Path path = Path.of(StandardCharsets.UTF_8.decode(readFully(socket, pathLength)).toString());
      MappedRings rings = MappedRings.open(path, capacity, options.directory(), listenerUser);
      try {
        writeFully(socket, ByteBuffer.wrap(new byte[] {ACK}));
      } catch (IOException e) {
        rings.close();
        throw e;
      }
      RingFiles.unlink(path);
      return new Result(rings, futex, peerPid);
    } finally {
      timeout.dispose();
    }
  }

  /** Listener side: creates the ring file, and always unlinks it before returning. */
  static Result accept(SocketChannel socket, ShmOptions options, boolean canFutex) throws IOException {
    Disposable timeout = closeAfterTimeout(socket, options);
    try {
      ByteBuffer hello = readFully(socket, 16);
      checkMagic(hello.getInt());
      short version = hello.getShort();
      boolean futex = canFutex && !options.doorbell() && (hello.get() & CAN_FUTEX) != 0;
      hello.get();
      long peerPid = hello.getLong();
      if (version != VERSION) {
        ByteBuffer reply = ByteBuffer.allocate(22).putInt(MAGIC).putShort(VERSION).put(BAD_VERSION);
        writeFully(socket, reply.position(22).flip());
        throw new IOException("shm dialer (pid " + peerPid + ") speaks version " + version + ", this side " + VERSION);
      }
      Path path = RingFiles.create(options.directory());
      try {
        MappedRings rings = MappedRings.create(path, options.ringCapacity());
        try {
          byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
          ByteBuffer reply = ByteBuffer.allocate(22 + name.length);
          reply.putInt(MAGIC).putShort(VERSION).put(OK).put(futex ? (byte) 0 : (byte) 1);
          reply.putInt(options.ringCapacity()).putLong(ProcessHandle.current().pid());
          reply.putShort((short) name.length).put(name);
          writeFully(socket, reply.flip());
          if (readFully(socket, 1).get() != ACK) {
            throw new IOException("shm dialer (pid " + peerPid + ") did not acknowledge the ring file");
          }
          return new Result(rings, futex, peerPid);
        } catch (IOException | RuntimeException e) {
          rings.close();
          throw e;
        }
      } finally {
        RingFiles.unlink(path);
      }
    } finally {
      timeout.dispose();
    }
  }

  private static Disposable closeAfterTimeout(SocketChannel socket, ShmOptions options) {
    // Closing the channel is the only way to bound a blocking read on it.
    return Schedulers.parallel()
        .schedule(() -> Closeables.closeQuietly(socket), options.pendingTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void checkMagic(int magic) throws IOException {
    if (magic != MAGIC) {
      throw new IOException("not a Backchannel shm peer: handshake magic 0x" + Integer.toHexString(magic));
    }
  }

  private static ByteBuffer readFully(SocketChannel socket, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (socket.read(buffer) < 0) {
        throw new EOFException("shm peer closed the socket during the handshake");
      }
    }
    return buffer.flip();
  }

  private static void writeFully(SocketChannel socket, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      socket.write(buffer);
    }
  }
}
