package io.backchannel.transport.shm;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names, creates and sweeps ring files. A file is named {@code bc-shm-<owner pid>-<random>.ring};
 * it lives only between creation and the handshake's end (both sides unlink it once mapped), so a
 * file whose owner is dead was left by a crash mid-handshake. Thread-safe.
 */
final class RingFiles {
  private static final Logger log = LoggerFactory.getLogger(RingFiles.class);
  private static final Pattern NAME = Pattern.compile("bc-shm-(\\d+)-[0-9a-f]+\\.ring");

  private RingFiles() {}

  /** Creates an empty {@code rw-------} file for a new connection in {@code directory}. */
  static Path create(Path directory) throws IOException {
    for (int attempt = 0; ; attempt++) {
      String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
      Path path = directory.resolve("bc-shm-" + ProcessHandle.current().pid() + "-" + random + ".ring");
      try {
        if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
          return Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createFile(path);
      } catch (FileAlreadyExistsException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  /** Whether {@code fileName} is the name {@link #create} gives a ring file. */
  static boolean isRingFileName(String fileName) {
    return NAME.matcher(fileName).matches();
  }

  /** Removes {@code path} if it is still there; the peer may have unlinked it first. */
  static void unlink(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      log.warn("cannot remove shm ring file {}: {}", path, e.toString());
    }
  }

  /** Removes ring files in {@code directory} whose owner process is no longer alive. */
  static int sweep(Path directory) {
    int removed = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "bc-shm-*.ring")) {
      for (Path file : files) {
        Matcher matcher = NAME.matcher(file.getFileName().toString());
        if (matcher.matches() && !isAlive(Long.parseLong(matcher.group(1)))) {
          unlink(file);
          removed++;
        }
      }
    } catch (IOException e) {
      log.warn("cannot sweep shm ring directory {}: {}", directory, e.toString());
    }
    if (removed > 0) {
      log.info("removed {} shm ring file(s) of dead processes from {}", removed, directory);
    }
    return removed;
  }

  private static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
