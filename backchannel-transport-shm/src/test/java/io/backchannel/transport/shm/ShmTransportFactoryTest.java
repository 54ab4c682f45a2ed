package io.backchannel.transport.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backchannel.core.transport.Transports;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ShmTransportFactoryTest {

  @Test
  void shmUrisFindThisFactory() {
    assertThat(Transports.forUri(URI.create("shm:///run/app/peer.sock"))).isInstanceOf(ShmTransportFactory.class);
    assertThat(Transports.forUri(URI.create("SHM://127.0.0.1:7000"))).isInstanceOf(ShmTransportFactory.class);
  }

  @Test
  void socketPathUriUsesDefaults() {
    ShmOptions options = ShmOptions.parse(URI.create("shm:///run/app/peer.sock"));
    assertThat(options.handshake()).isEqualTo(UnixDomainSocketAddress.of("/run/app/peer.sock"));
    assertThat(options.ringCapacity()).isEqualTo(1 << 20);
    assertThat(options.spinNanos()).isEqualTo(ShmOptions.DEFAULT_SPIN_NANOS);
    assertThat(options.doorbell()).isFalse();
    assertThat(options.directory()).isEqualTo(Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir")));
  }

  @Test
  void parametersAreParsed() {
    ShmOptions options = ShmOptions.parse(URI.create("shm://127.0.0.1:7000?peer=any&ring=64k&dir=/tmp&spin=0&wake=doorbell"));
    assertThat(options.handshake()).isEqualTo(new InetSocketAddress("127.0.0.1", 7000));
    assertThat(options.ringCapacity()).isEqualTo(65536);
    assertThat(options.directory()).isEqualTo(Path.of("/tmp"));
    assertThat(options.spinNanos()).isZero();
    assertThat(options.doorbell()).isTrue();
    assertThat(ShmOptions.parse(URI.create("shm:///a.sock?spin=500ns")).spinNanos()).isEqualTo(500);
    assertThat(ShmOptions.parse(URI.create("shm:///a.sock?spin=2ms")).spinNanos()).isEqualTo(2_000_000);
    assertThat(ShmOptions.parse(URI.create("shm:///a.sock?spin=7")).spinNanos()).isEqualTo(7_000);
  }

  @Test
  void badUrisAreRejectedWithTheExpectedForm() {
    ShmTransportFactory factory = new ShmTransportFactory();
    assertThatThrownBy(() -> factory.server(URI.create("shm:relative.sock")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shm:///path/to/peer.sock");
    assertThatThrownBy(() -> factory.server(URI.create("shm:///a.sock?ring=1000")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power of two");
    assertThatThrownBy(() -> factory.server(URI.create("shm:///a.sock?spin=fast")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spin=fast");
    assertThatThrownBy(() -> factory.server(URI.create("shm:///a.sock?rign=1m")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown shm URI parameter 'rign'");
    assertThatThrownBy(() -> factory.server(URI.create("shm:///a.sock?dir=/no/such/dir")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("existing absolute directory");
    assertThatThrownBy(() -> factory.client(URI.create("shm://127.0.0.1:0?peer=any")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port 0");
    assertThatThrownBy(() -> factory.server(URI.create("shm://127.0.0.1:7000")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TCP handshake, whose peer's user cannot be checked");
    assertThatThrownBy(() -> factory.server(URI.create("shm:///a.sock?peer=root")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected same-user or any");
    assertThatThrownBy(() -> factory.server(URI.create("shm:///a.sock?maxPending=0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 10000]");
    assertThatThrownBy(() -> factory.server(URI.create("shm:///a.sock?pendingTimeout=1h")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[100ms, 600s]");
  }
}
