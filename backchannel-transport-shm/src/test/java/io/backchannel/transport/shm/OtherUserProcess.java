package io.backchannel.transport.shm;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A small Perl program run as the user {@code nobody} through {@code setpriv}: another local user,
 * for real, whose credentials the kernel reports over a Unix-domain socket. Tests that need one are
 * skipped where this process cannot switch users (not root, or no setpriv or perl).
 */
final class OtherUserProcess implements AutoCloseable {
  static final int NOBODY = 65534;

  /** Connects to {@code socket}, sends a dialer's HELLO and prints {@code read <n>}: bytes of reply, 0 at EOF, -1 if reset. */
  static final String DIALER = """
      use IO::Socket::UNIX; $SIG{PIPE} = 'IGNORE'; $| = 1;
      my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Peer => $ARGV[0]) or die "connect: $!";
      syswrite($s, pack("NnCCq>", 0x42434853, 1, 0, 0, $$));
      my $n = sysread($s, my $buf, 64);
      print "read ", (defined $n ? $n : -1), "\\n";
      """;

  /** Listens on {@code socket}, prints READY, accepts one dialer and prints {@code received <n>} once it hangs up. */
  static final String LISTENER = """
      use IO::Socket::UNIX; $| = 1;
      my $l = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Local => $ARGV[0], Listen => 1) or die "listen: $!";
      print "READY\\n";
      my $c = $l->accept; my $total = 0;
      while (my $n = sysread($c, my $buf, 64)) { $total += $n; }
      print "received $total\\n";
      """;

  private final Process process;
  private final BufferedReader output;

  OtherUserProcess(String script, Path socket) throws IOException {
    assumeCanRunAsNobody();
    List<String> command = new ArrayList<>(List.of(
        "setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "perl", "-e", script, socket.toString()));
    process = new ProcessBuilder(command).redirectErrorStream(true).start();
    output = process.inputReader();
  }

  /** The next line the program prints (blocks; the program prints soon or exits). */
  String nextLine() throws IOException {
    String line = output.readLine();
    return line == null ? "<exited " + process.onExit().join().exitValue() + ">" : line;
  }

  static void assumeCanRunAsNobody() {
    boolean root = "root".equals(LocalUsers.current().getName());
    boolean tools = Files.isExecutable(Path.of("/usr/bin/setpriv")) && Files.isExecutable(Path.of("/usr/bin/perl"));
    Assumptions.assumeTrue(root && tools, "needs root, /usr/bin/setpriv and /usr/bin/perl to run a process as nobody");
  }

  @Override
  public void close() {
    process.destroyForcibly();
    process.onExit().join();
  }
}
