package io.backchannel.transport.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A private ring directory under /dev/shm and a socket directory under /tmp for one test class. */
final class ShmTestDirs implements AutoCloseable {
  final Path ringDir;
  final Path socketDir;

  ShmTestDirs() {
    try {
      Path shm = Path.of("/dev/shm");
      ringDir = Files.createTempDirectory(Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")), "bc-test-");
      // Unix-domain socket paths are limited to ~108 bytes: keep them short.
      socketDir = Files.createTempDirectory(Path.of("/tmp"), "bcs");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI socketUri(String name, String query) {
    return URI.create("shm://" + socketDir.resolve(name + ".sock") + "?dir=" + ringDir + (query.isEmpty() ? "" : "&" + query));
  }

  URI tcpUri(String query) {
    return URI.create("shm://127.0.0.1:0?peer=any&dir=" + ringDir + (query.isEmpty() ? "" : "&" + query));
  }

  List<String> ringFiles() {
    try (Stream<Path> files = Files.list(ringDir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    for (Path dir : List.of(ringDir, socketDir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
