package io.backchannel.core;

import io.backchannel.core.node.Target;

import org.junit.jupiter.api.BeforeEach;
import io.backchannel.testing.Closer;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backchannel.FireAndForget;
import io.backchannel.RemoteService;
import io.backchannel.Route;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class InterfaceValidationTest {
  private final Closer closer = new Closer();
  private Peer peer;

  @BeforeEach
  void start() {
    peer = closer.register(Peer.builder().nodeId("validator").build());
  }

  @AfterEach
  void close() {
    closer.close();
  }

  @RemoteService interface GenericMethod { <T> T get(Class<T> type); }
  @RemoteService interface MonoParameter { String take(Mono<String> value); }
  @RemoteService interface FireAndForgetWithResult { @FireAndForget String send(String value); }
  @RemoteService interface ChannelWithoutFluxResult { String all(Flux<String> values); }
  @RemoteService interface FutureResult { Future<String> later(); }
  @RemoteService interface Overloaded { String find(String name); String find(int id); }
  @RemoteService interface DuplicateRoute { @Route("find") String a(); @Route("find") String b(); }
  interface NotAnnotated { String hello(); }
  @RemoteService("Greeter") interface SameRoutesAsGreeter { String hello(String name); }

  @Test
  void unsupportedSignaturesFailAtProxyCreationNamingTheMethod() {
    assertThatThrownBy(() -> proxy(GenericMethod.class)).hasMessageContaining("GenericMethod.get(Class)");
    assertThatThrownBy(() -> proxy(MonoParameter.class)).hasMessageContaining("MonoParameter.take(Mono)");
    assertThatThrownBy(() -> proxy(FireAndForgetWithResult.class)).hasMessageContaining("must return void");
    assertThatThrownBy(() -> proxy(ChannelWithoutFluxResult.class)).hasMessageContaining("requires a Flux return type");
    assertThatThrownBy(() -> proxy(FutureResult.class)).hasMessageContaining("FutureResult.later()");
    assertThatThrownBy(() -> proxy(NotAnnotated.class)).hasMessageContaining("not annotated @RemoteService");
  }

  @Test
  void overloadsNeedRoutes() {
    assertThatThrownBy(() -> proxy(Overloaded.class)).hasMessageContaining("Overloaded.find").hasMessageContaining("@Route");
  }

  @Test
  void duplicateRoutesFail() {
    assertThatThrownBy(() -> proxy(DuplicateRoute.class)).hasMessageContaining("duplicate route 'DuplicateRoute.find'");
  }

  @Test
  void exportingTwoServicesWithTheSameRoutesFails() {
    peer.export(Greeter.class, new GreeterImpl("x"));
    assertThatThrownBy(() -> peer.export(SameRoutesAsGreeter.class, name -> name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Greeter.hello");
  }

  @Test
  void invalidServicesFailWhenExported() {
    assertThatThrownBy(() -> Peer.builder().export(Overloaded.class, new Overloaded() {
      public String find(String name) {
        return name;
      }

      public String find(int id) {
        return "" + id;
      }
    }).build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Overloaded.find");
  }

  private void proxy(Class<?> type) {
    peer.proxy(type, Target.node("anyone"));
  }
}
