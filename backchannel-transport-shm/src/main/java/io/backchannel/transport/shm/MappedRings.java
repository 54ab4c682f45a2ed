package io.backchannel.transport.shm;

import static io.backchannel.transport.shm.RingDescriptor.CAPACITY_OFFSET;
import static io.backchannel.transport.shm.RingDescriptor.MAGIC;
import static io.backchannel.transport.shm.RingDescriptor.MAGIC_OFFSET;
import static io.backchannel.transport.shm.RingDescriptor.VERSION;
import static io.backchannel.transport.shm.RingDescriptor.VERSION_OFFSET;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;

/**
 * A ring file mapped into this process, with its two {@link Ring}s. {@link #close} unmaps it at
 * once; call it only when no thread touches the rings any more. Thread-safe.
 */
final class MappedRings implements AutoCloseable {
  private final Arena arena;
  private final MemorySegment file;
  private final int capacity;

  private MappedRings(Arena arena, MemorySegment file, int capacity) {
    this.arena = arena;
    this.file = file;
    this.capacity = capacity;
  }

  /** Listener side: sizes the freshly created {@code path}, maps it and writes the header. */
  static MappedRings create(Path path, int capacity) throws IOException {
    RingDescriptor.checkCapacity(capacity);
    MappedRings rings = map(path, capacity);
    rings.file.set(ValueLayout.JAVA_INT, MAGIC_OFFSET, MAGIC);
    rings.file.set(ValueLayout.JAVA_INT, VERSION_OFFSET, VERSION);
    rings.file.set(ValueLayout.JAVA_INT, CAPACITY_OFFSET, capacity);
    return rings;
  }

  /**
   * Dialer side: maps the listener's file, only if {@link ListenerRingFile} trusts it (in {@code
   * directory}, owned by {@code owner}, of the exact length) and its header, read before mapping,
   * says it is a ring file of {@code capacity}. Never grows or writes a file it refuses.
   */
  static MappedRings open(Path path, int capacity, Path directory, UserPrincipal owner) throws IOException {
    RingDescriptor.checkCapacity(capacity);
    try (FileChannel channel = ListenerRingFile.open(path, directory, owner, RingDescriptor.fileLength(capacity))) {
      checkHeader(channel, path, capacity);
      return map(channel, capacity);
    }
  }

  private static void checkHeader(FileChannel channel, Path path, int capacity) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(CAPACITY_OFFSET + Integer.BYTES).order(ByteOrder.nativeOrder());
    while (header.hasRemaining() && channel.read(header, header.position()) >= 0) {
      // The length was checked: a short read only means "read again".
    }
    // The magic first: no other field means anything in a file that is not ours.
    int magic = header.getInt(MAGIC_OFFSET);
    if (magic != MAGIC) {
      ShmRefusals.RING_FILE.count();
      throw new IOException("not an shm ring file: " + path + " (magic 0x" + Integer.toHexString(magic) + ")");
    }
    int version = header.getInt(VERSION_OFFSET);
    int fileCapacity = header.getInt(CAPACITY_OFFSET);
    if (version != VERSION || fileCapacity != capacity) {
      ShmRefusals.RING_FILE.count();
      throw new IOException(
          "not a version " + VERSION + " shm ring file of capacity " + capacity + ": " + path
              + " (version " + version + ", capacity " + fileCapacity + ")");
    }
  }

  private static MappedRings map(Path path, int capacity) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      // Our own fresh, empty file: mapping read-write past the end grows it to the ring's length.
      return map(channel, capacity);
    }
  }

  private static MappedRings map(FileChannel channel, int capacity) throws IOException {
    Arena arena = Arena.ofShared();
    try {
      MemorySegment file = channel.map(FileChannel.MapMode.READ_WRITE, 0, RingDescriptor.fileLength(capacity), arena);
      return new MappedRings(arena, file, capacity);
    } catch (IOException | RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  Ring ring(int index) {
    return new Ring(file, RingDescriptor.ringOffset(index, capacity), capacity);
  }

  int capacity() {
    return capacity;
  }

  @Override
  public void close() {
    arena.close();
  }
}
