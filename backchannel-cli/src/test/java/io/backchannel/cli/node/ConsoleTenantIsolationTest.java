package io.backchannel.cli.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.RemoteException;
import io.backchannel.core.CallOptions;
import io.backchannel.core.Peer;
import io.backchannel.core.node.Target;
import io.backchannel.testing.Closer;
import io.backchannel.testing.TestAuth;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An authenticated node of tenant bolt plays the attacker against the CLI console over real
 * loopback connections: it cannot read another node's job, nor grow the console's or a sidecar's
 * memory by calling again and again; the acme sidecar is served throughout.
 */
class ConsoleTenantIsolationTest {
  private final Closer closer = new Closer();
  private ConsoleService consoleService;
  private ConsoleApi victimsConsole;
  private ConsoleApi attackersConsole;

  @BeforeEach
  void connect() {
    consoleService = new ConsoleService(registration -> {});
    Peer console = closer.register(Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
        .export(ConsoleApi.class, consoleService).build());
    String uri = console.listen("tcp://127.0.0.1:0").uri().toString();
    victimsConsole = dial(uri, "acme", "sidecar-1").proxy(ConsoleApi.class, Target.node("console"));
    attackersConsole = dial(uri, "bolt", "sidecar-3").proxy(ConsoleApi.class, Target.node("console"));
    await().until(() -> console.connections().size() == 2);
  }

  @AfterEach
  void close() {
    closer.close();
  }

  @Test
  void aNodeReadsOnlyItsOwnConfig() {
    assertThatThrownBy(() -> attackersConsole.config("sidecar-1"))
        .isInstanceOfSatisfying(RemoteException.class, e -> assertThat(e.remoteType()).isEqualTo("java.lang.SecurityException"))
        .hasMessageContaining("sidecar-3 may not read the config of another node")
        .hasMessageNotContaining("orders-db");
    assertThatThrownBy(() -> attackersConsole.register(new Registration("sidecar-1", 1, "25")))
        .isInstanceOf(RemoteException.class).hasMessageContaining("may not register as another node");
    assertThat(consoleService.registrations()).isEmpty();
    assertThat(attackersConsole.config("sidecar-3")).isEqualTo("job=standby");
    assertThat(victimsConsole.config("sidecar-1")).isEqualTo("job=sync orders-db -> warehouse");
  }

  @Test
  void callingTheConsoleOverAndOverDoesNotGrowItsHistory() {
    for (int i = 0; i < ConsoleService.HISTORY + 50; i++) {
      attackersConsole.register(new Registration("sidecar-3", i, "25"));
    }
    assertThat(consoleService.served()).hasSize(ConsoleService.HISTORY);
    assertThat(consoleService.registrations()).hasSize(ConsoleService.HISTORY);
    victimsConsole.register(new Registration("sidecar-1", 42, "25"));
    assertThat(consoleService.registrations().getLast()).isEqualTo(new Registration("sidecar-1", 42, "25"));
    assertThat(consoleService.served().getLast().caller()).isEqualTo("sidecar-1");
  }

  @Test
  void askingForOutcomesOfMadeUpRequestsDoesNotGrowASidecar() {
    SidecarService sidecarService = new SidecarService("sidecar-2");
    Peer sidecar = closer.register(Peer.builder().nodeId("sidecar-2").authenticator(TestAuth.authenticator())
        .export(SidecarApi.class, sidecarService).build());
    String uri = sidecar.listen("tcp://127.0.0.1:0").uri().toString();
    SidecarApi attacked = dial(uri, "acme", "sidecar-4").proxy(SidecarApi.class, Target.node("sidecar-2"));
    for (int i = 0; i < SidecarService.OUTCOMES + 50; i++) {
      String id = "made-up-" + i;
      assertThat(CallOptions.deadline(Duration.ofMillis(900)).call(() -> attacked.slowOutcome(id))).isEqualTo("still running");
    }
    assertThat(sidecarService.rememberedOutcomes()).isEqualTo(SidecarService.OUTCOMES);
    assertThat(attacked.status()).startsWith("sidecar-2 pid");
  }

  private Peer dial(String uri, String tenant, String nodeId) {
    Peer peer = closer.register(Peer.builder().nodeId(nodeId).credential(TestAuth.token(tenant, nodeId, "sidecar")).build());
    peer.dial(uri);
    return peer;
  }
}
