package io.backchannel.transport.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketConnector;
import io.rsocket.core.RSocketServer;
import io.rsocket.util.DefaultPayload;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Other local users: kept out by the socket directory, and by the kernel-reported credentials if they get past it. */
class ShmOtherLocalUsersTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private ShmTestDirs dirs;

  @BeforeEach
  void setUp() {
    dirs = new ShmTestDirs();
    Metrics.addRegistry(meters);
  }

  @AfterEach
  void tearDown() throws Exception {
    Metrics.removeRegistry(meters);
    dirs.close();
  }

  @Test
  void aDialerOfAnotherUserIsRefusedBeforeAnyHandshakeAndTheOwnerStillConnects() throws Exception {
    URI uri = dirs.socketUri("uid", "");
    ShmTransportFactory factory = new ShmTransportFactory();
    var server = RSocketServer.create(SocketAcceptor.forRequestResponse(Mono::just)).bind(factory.server(uri)).block();
    try {
      // Take down the first fence (the owner-only directory) to show the second: the kernel's word on the peer.
      Path socket = Path.of(uri.getPath());
      Files.setPosixFilePermissions(dirs.socketDir, PosixFilePermissions.fromString("rwx--x--x"));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rwxrwxrwx"));

      try (OtherUserProcess nobody = new OtherUserProcess(OtherUserProcess.DIALER, socket)) {
        assertThat(nobody.nextLine()).isIn("read 0", "read -1");
      }
      assertThat(refusals("peer_user")).isEqualTo(1);
      assertThat(dirs.ringFiles()).isEmpty();

      RSocket owner = RSocketConnector.connectWith(factory.client(uri)).block(Duration.ofSeconds(10));
      assertThat(owner.requestResponse(DefaultPayload.create("still served")).block(Duration.ofSeconds(10)).getDataUtf8())
          .isEqualTo("still served");
      owner.dispose();
    } finally {
      server.dispose();
      server.onClose().block(Duration.ofSeconds(5));
    }
  }

  @Test
  void aListenerOfAnotherUserIsRefusedBeforeTheDialerSendsAByte() throws Exception {
    OtherUserProcess.assumeCanRunAsNobody();
    UserPrincipal nobody = dirs.socketDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    // A directory where nobody can bind: as if it had squatted the path a sidecar dials.
    Path squatted = Files.createTempDirectory(Path.of("/tmp"), "bcq");
    Files.setOwner(squatted, nobody);
    Path socket = squatted.resolve("peer.sock");
    URI uri = URI.create("shm://" + socket + "?dir=" + dirs.ringDir);
    try (OtherUserProcess listener = new OtherUserProcess(OtherUserProcess.LISTENER, socket)) {
      assertThat(listener.nextLine()).isEqualTo("READY");
      assertThatThrownBy(() -> new ShmTransportFactory().client(uri).connect().block(Duration.ofSeconds(30)))
          .hasMessageContaining("shm listener runs as user nobody");
      assertThat(listener.nextLine()).isEqualTo("received 0");
    } finally {
      Files.deleteIfExists(socket);
      Files.delete(squatted);
    }
    assertThat(refusals("peer_user")).isEqualTo(1);
  }

  @Test
  void aListenerRefusesASocketDirectoryOtherUsersCanEnterUnlessPeerIsAny() throws Exception {
    Path open = Files.createDirectory(dirs.socketDir.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
    ShmTransportFactory factory = new ShmTransportFactory();
    URI strict = URI.create("shm://" + open.resolve("a.sock") + "?dir=" + dirs.ringDir);

    assertThatThrownBy(() -> factory.server(strict).start(c -> Mono.never()).block())
        .hasMessageContaining("shm socket directory " + open + " is rwxr-xr-x");

    var lax = factory.server(URI.create(strict + "&peer=any")).start(c -> Mono.never()).block();
    lax.dispose();
    lax.onClose().block(Duration.ofSeconds(5));
  }

  @Test
  void aMissingSocketDirectoryIsCreatedOwnerOnly() throws Exception {
    Path missing = dirs.socketDir.resolve("new");
    var server = new ShmTransportFactory()
        .server(URI.create("shm://" + missing.resolve("a.sock") + "?dir=" + dirs.ringDir)).start(c -> Mono.never()).block();
    try {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(missing))).isEqualTo("rwx------");
    } finally {
      server.dispose();
      server.onClose().block(Duration.ofSeconds(5));
    }
  }

  private double refusals(String reason) {
    var counter = meters.find(ShmRefusals.METER).tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }
}
