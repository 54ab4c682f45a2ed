package io.backchannel.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The TCP sockets a Linux process holds, read from {@code /proc}. */
final class ProcSockets {
  /** {@code st} in {@code /proc/net/tcp}: 01 is ESTABLISHED, 0A is LISTEN. */
  static final String ESTABLISHED = "01";
  static final String LISTEN = "0A";
  private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

  private ProcSockets() {}

  /** The TCP state of each IPv4 and IPv6 TCP socket of process {@code pid}, as states like {@link #LISTEN}. */
  static List<String> tcpStates(long pid) throws IOException {
    Set<String> inodes = socketInodes(pid);
    Map<String, String> stateByInode = new HashMap<>();
    for (String table : List.of("tcp", "tcp6")) {
      List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
      for (String line : lines.subList(1, lines.size())) {
        // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
        String[] fields = line.trim().split("\\s+");
        stateByInode.put(fields[9], fields[3]);
      }
    }
    return inodes.stream().filter(stateByInode::containsKey).map(stateByInode::get).toList();
  }

  private static Set<String> socketInodes(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          Matcher socket = SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
          if (socket.matches()) {
            inodes.add(socket.group(1));
          }
        } catch (IOException e) {
          // The descriptor closed while we looked.
        }
      }
    }
    return inodes;
  }
}
