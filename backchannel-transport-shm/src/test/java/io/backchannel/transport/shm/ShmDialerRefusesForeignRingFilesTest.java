package io.backchannel.transport.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A listener that names a file it did not create: the dialer must refuse before it maps, grows or
 * writes anything, and say why.
 */
class ShmDialerRefusesForeignRingFilesTest {
  private ShmTestDirs dirs;
  private Path victimDir;

  @BeforeEach
  void createDirs() throws Exception {
    dirs = new ShmTestDirs();
    victimDir = Files.createTempDirectory("bc-victim-");
  }

  @AfterEach
  void deleteDirs() throws Exception {
    dirs.close();
    try (var files = Files.list(victimDir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(victimDir);
  }

  @Test
  void aVictimFileOutsideTheRingDirectoryIsNeitherGrownNorMapped() throws Exception {
    Path victim = victim(victimDir.resolve("notes.txt"), 100);

    assertRefused(victim, "outside the ring directory");
  }

  @Test
  void aSymbolicLinkInTheRingDirectoryIsNotFollowed() throws Exception {
    Path victim = victim(victimDir.resolve("notes.txt"), 100);
    Path link = Files.createSymbolicLink(dirs.ringDir.resolve(ringName()), victim);

    assertRefused(link, "not a regular file");
    assertThat(victim).exists();
  }

  @Test
  void aFileWithAValidHeaderButAnotherSizeIsRefused() throws Exception {
    Path file = dirs.ringDir.resolve(ringName());
    byte[] content = randomBytes((int) FakeShmListener.FILE_LENGTH * 2);
    System.arraycopy(FakeShmListener.validHeader(), 0, content, 0, 12);
    Files.write(file, content);

    assertRefused(file, "expected " + FakeShmListener.FILE_LENGTH + " bytes");
    assertThat(Files.readAllBytes(file)).isEqualTo(content);
  }

  @Test
  void aSmallFileWithAValidHeaderIsNeverGrownToTheClaimedCapacity() throws Exception {
    Path file = dirs.ringDir.resolve(ringName());
    Files.write(file, FakeShmListener.validHeader());

    assertRefused(file, "expected " + FakeShmListener.FILE_LENGTH + " bytes");
    assertThat(Files.readAllBytes(file)).isEqualTo(FakeShmListener.validHeader());
  }

  @Test
  void aFileOfTheRightShapeOwnedByAnotherUserIsRefused() throws Exception {
    UserPrincipal nobody;
    try {
      nobody = dirs.ringDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    } catch (Exception e) {
      org.junit.jupiter.api.Assumptions.abort("no user 'nobody' on this machine");
      return;
    }
    Path file = dirs.ringDir.resolve(ringName());
    byte[] content = new byte[(int) FakeShmListener.FILE_LENGTH];
    System.arraycopy(FakeShmListener.validHeader(), 0, content, 0, 12);
    Files.write(file, content);
    try {
      Files.setOwner(file, nobody);
    } catch (Exception e) {
      org.junit.jupiter.api.Assumptions.abort("cannot give a file to 'nobody' (not root): " + e);
    }

    assertRefused(file, "owned by nobody");
    assertThat(Files.readAllBytes(file)).isEqualTo(content);
  }

  /** Dials the fake listener naming {@code ringPath}; the dial fails and the file is as it was. */
  private void assertRefused(Path ringPath, String reason) throws Exception {
    Path target = Files.isSymbolicLink(ringPath) ? Files.readSymbolicLink(ringPath) : ringPath;
    byte[] before = Files.readAllBytes(target);
    Path socket = dirs.socketDir.resolve("fake.sock");
    URI uri = URI.create("shm://" + socket + "?dir=" + dirs.ringDir);
    try (FakeShmListener listener = new FakeShmListener(socket, ringPath)) {
      assertThatThrownBy(() -> new ShmTransportFactory().client(uri).connect().block(Duration.ofSeconds(10)))
          .hasMessageContaining(reason);
    }
    assertThat(Files.size(target)).isEqualTo(before.length);
    assertThat(Files.readAllBytes(target)).isEqualTo(before);
  }

  private static Path victim(Path path, int size) throws Exception {
    return Files.write(path, randomBytes(size));
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static String ringName() {
    return "bc-shm-" + ProcessHandle.current().pid() + "-0badc0de.ring";
  }

}
