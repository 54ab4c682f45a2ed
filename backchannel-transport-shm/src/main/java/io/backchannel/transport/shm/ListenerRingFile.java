package io.backchannel.transport.shm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.Objects;
import java.util.Set;

/**
 * The dialer's checks on the ring file a listener names, made before the file is mapped: the
 * path comes off the wire, so it could name any file this user can write. Only a file that a
 * listener would have created is opened: a {@code bc-shm-*.ring} name directly in the configured
 * ring directory, a regular file (never through a symbolic link), owned by the listener's user,
 * of exactly the length the capacity implies (so nothing is ever grown). Thread-safe.
 */
final class ListenerRingFile {
  private ListenerRingFile() {}

  /**
   * Opens {@code path} read-write after the checks above.
   *
   * @throws IOException naming the path and the check it failed
   */
  static FileChannel open(Path path, Path directory, UserPrincipal owner, long length) throws IOException {
    Path parent = path.getParent();
    if (!path.isAbsolute() || parent == null || !parent.equals(directory.toAbsolutePath().normalize())
        || !RingFiles.isRingFileName(path.getFileName().toString())) {
      throw refused(path, "it is outside the ring directory " + directory + " or not named like a ring file (bc-shm-<pid>-<hex>.ring)");
    }
    PosixFileAttributes before = attributes(path, owner);
    FileChannel channel = FileChannel.open(path, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
    try {
      // The name could have been swapped between the check and the open: check the same inode again.
      PosixFileAttributes after = attributes(path, owner);
      if (!Objects.equals(before.fileKey(), after.fileKey())) {
        throw refused(path, "it was replaced while it was being opened");
      }
      if (channel.size() != length) {
        throw refused(path, "it has " + channel.size() + " bytes, expected " + length + " bytes");
      }
      return channel;
    } catch (IOException | RuntimeException e) {
      Closeables.closeQuietly(channel);
      throw e;
    }
  }

  private static PosixFileAttributes attributes(Path path, UserPrincipal owner) throws IOException {
    PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile()) {
      throw refused(path, "it is not a regular file" + (attributes.isSymbolicLink() ? " (a symbolic link)" : ""));
    }
    if (!attributes.owner().equals(owner)) {
      throw refused(path, "it is owned by " + attributes.owner().getName() + ", not by the listener's user " + owner.getName());
    }
    return attributes;
  }

  private static IOException refused(Path path, String why) {
    ShmRefusals.RING_FILE.count();
    return new IOException("shm listener named ring file " + path + " and " + why + ": refused");
  }
}
