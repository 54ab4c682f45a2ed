package io.backchannel.transport.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/** Who this process runs as, and who is at the other end of a Unix-domain socket. Thread-safe. */
final class LocalUsers {
  private static volatile UserPrincipal current;

  private LocalUsers() {}

  /** The user this process runs as (its effective uid), as file ownership reports it. */
  static UserPrincipal current() {
    UserPrincipal user = current;
    if (user == null) {
      current = user = lookUpCurrent();
    }
    return user;
  }

  /**
   * The user of the process at the other end of {@code socket}, read from the kernel
   * ({@code SO_PEERCRED}: the credentials the peer had when it connected or listened), or empty
   * for a TCP socket, whose peer the kernel does not tell.
   */
  static Optional<UserPrincipal> peer(SocketChannel socket) throws IOException {
    if (!socket.supportedOptions().contains(ExtendedSocketOptions.SO_PEERCRED)) {
      return Optional.empty();
    }
    UnixDomainPrincipal principal = socket.getOption(ExtendedSocketOptions.SO_PEERCRED);
    return Optional.of(principal.user());
  }

  private static UserPrincipal lookUpCurrent() {
    try {
      // On Linux /proc/self belongs to the process's effective uid; elsewhere a file we create does.
      Path self = Path.of("/proc/self");
      if (Files.isDirectory(self)) {
        return Files.getOwner(self);
      }
      Path probe = Files.createTempFile("bc-shm-owner-", ".probe");
      try {
        return Files.getOwner(probe);
      } finally {
        Files.deleteIfExists(probe);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot tell which user this process runs as", e);
    }
  }
}
