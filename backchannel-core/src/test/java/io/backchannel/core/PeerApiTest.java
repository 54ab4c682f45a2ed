package io.backchannel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.internal.call.IoThreads;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.RegistryListener;
import io.backchannel.testing.TestAuth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PeerApiTest {

  @Test
  void aRoleIsNeverATag() {
    assertThatThrownBy(() -> Peer.builder().tag("role", "console"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("role(");
    try (Peer peer = Peer.builder().role("console").build()) {
      assertThatThrownBy(() -> peer.updateTags(Map.of("role", "admin"))).isInstanceOf(IllegalArgumentException.class);
      assertThat(peer.node().role()).isEqualTo("console");
    }
  }

  @Test
  void closingAPeerRemovesTheMetersBuildingItRegistered() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Peer console = Peer.builder().nodeId("console").authenticator(TestAuth.authenticator()).meterRegistry(meters).build();
    try (Peer sidecar = Peer.builder().nodeId("s1").credential(TestAuth.token("s1")).build()) {
      sidecar.dial(console.listen("tcp://127.0.0.1:0").uri().toString());
      await().until(() -> meters.find("backchannel.sessions").gauge() != null);
      assertThat(meters.getMeters()).isNotEmpty();
    }
    console.close();
    assertThat(meters.getMeters()).isEmpty();
  }

  @Test
  void registryListenersRunOffTheIoThreadAndOutsideTheRegistryLock() {
    List<String> events = new CopyOnWriteArrayList<>();
    try (Peer console = Peer.builder().nodeId("console").authenticator(TestAuth.authenticator()).build()) {
      console.registry().addListener(new RegistryListener() {
        @Override
        public void onOnline(NodeInfo node) {
          // Reading the registry from a listener must not deadlock, and a listener may block.
          events.add("online " + node.nodeId() + " listed=" + console.registry().nodes().size()
              + " io=" + IoThreads.isCurrentNonBlocking());
        }

        @Override
        public void onOffline(NodeInfo node) {
          events.add("offline " + node.nodeId());
        }
      });
      String uri = console.listen("tcp://127.0.0.1:0").uri().toString();
      try (Peer sidecar = Peer.builder().nodeId("s1").credential(TestAuth.token("s1")).build()) {
        sidecar.dial(uri);
        await().until(() -> events.size() == 1);
      }
      await().until(() -> events.size() == 2);
      assertThat(events).containsExactly("online s1 listed=1 io=false", "offline s1");
    }
  }
}
