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
import org.jspecify.annotations.Nullable;

/** Who this process runs as, and who is at the other end of a Unix-domain socket. Thread-safe. */
final class LocalUsers {
  private static volatile @Nullable UserPrincipal current;

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

  /**
   * The user to expect at the other end of {@code socket}: the kernel-reported one for a
   * Unix-domain socket, this process's for TCP (where only {@code peer=any} is allowed).
   *
   * @throws PeerUserException if the peer runs as another user and {@code peer=any} is not set
   */
  static UserPrincipal checkPeer(SocketChannel socket, ShmOptions options, String peerRole) throws IOException {
    Optional<UserPrincipal> peer = peer(socket);
    UserPrincipal self = current();
    if (peer.isPresent() && !peer.get().equals(self) && !options.anyPeerUser()) {
      ShmRefusals.PEER_USER.count();
      throw new PeerUserException(
          "shm " + peerRole + " runs as user " + peer.get().getName() + ", this process as " + self.getName()
              + ": refused (set peer=any to let other local users connect)");
    }
    return peer.orElse(self);
  }

  /** A peer of another local user, refused. */
  static final class PeerUserException extends IOException {
    PeerUserException(String message) {
      super(message);
    }
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
