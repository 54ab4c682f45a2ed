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
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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

  /** Dialer side: maps the listener's file and checks its header. */
  static MappedRings open(Path path, int capacity) throws IOException {
    RingDescriptor.checkCapacity(capacity);
    MappedRings rings = map(path, capacity);
    int magic = rings.file.get(ValueLayout.JAVA_INT, MAGIC_OFFSET);
    int version = rings.file.get(ValueLayout.JAVA_INT, VERSION_OFFSET);
    int fileCapacity = rings.file.get(ValueLayout.JAVA_INT, CAPACITY_OFFSET);
    if (magic != MAGIC || version != VERSION || fileCapacity != capacity) {
      rings.close();
      throw new IOException(
          "not a version " + VERSION + " shm ring file of capacity " + capacity + ": " + path
              + " (magic 0x" + Integer.toHexString(magic) + ", version " + version + ", capacity " + fileCapacity + ")");
    }
    return rings;
  }

  private static MappedRings map(Path path, int capacity) throws IOException {
    long length = RingDescriptor.fileLength(capacity);
    Arena arena = Arena.ofShared();
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      // Mapping read-write past the end grows the file; on tmpfs pages are allocated when touched.
      MemorySegment file = channel.map(FileChannel.MapMode.READ_WRITE, 0, length, arena);
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
