package io.backchannel.transport.shm;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The directory of a listener's handshake socket: the first fence against other local users,
 * who cannot even reach a socket in a directory that only its owner may enter. Thread-safe.
 */
final class SocketDirectory {
  private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private SocketDirectory() {}

  /**
   * Creates the socket's directory {@code rwx------} if it is missing; otherwise requires it to be
   * a real directory (not a link) of this user that no group or other user may enter.
   *
   * @throws IOException naming the directory, what is wrong and how to fix it
   */
  static void requireOwnerOnly(Path socket) throws IOException {
    Path dir = socket.toAbsolutePath().getParent();
    if (dir == null) {
      throw new IOException("socket path " + socket + " has no directory; give a path inside a directory of its own");
    }
    if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException e) {
      // Checked below.
    }
    PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    String problem = null;
    if (!attributes.isDirectory()) {
      problem = "is not a directory (or is a symbolic link)";
    } else if (!attributes.owner().equals(LocalUsers.current())) {
      problem = "belongs to " + attributes.owner().getName() + ", not to " + LocalUsers.current().getName();
    } else if (attributes.permissions().stream().anyMatch(OTHERS::contains)) {
      problem = "is " + PosixFilePermissions.toString(attributes.permissions()) + ", so other users can reach the socket";
    }
    if (problem != null) {
      throw new IOException(
          "shm socket directory " + dir + " " + problem + ": use a directory only this user can enter"
              + " (chmod 700), or set peer=any to let other local users connect");
    }
  }
}
