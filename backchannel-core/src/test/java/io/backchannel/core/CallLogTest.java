package io.backchannel.core;

import io.backchannel.core.node.Target;

import io.backchannel.testing.Closer;
import io.backchannel.testing.TestAuth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.backchannel.RemoteException;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The log aspect: one line per call and side, with the call's request id in the MDC. */
class CallLogTest {
  private final Logger calls = (Logger) LoggerFactory.getLogger("io.backchannel.calls");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Closer closer = new Closer();
  private Level previous;
  private Peer console;
  private Peer sidecar;
  private Greeter greeter;

  @BeforeEach
  void start() {
    previous = calls.getLevel();
    calls.setLevel(Level.DEBUG);
    appender.start();
    calls.addAppender(appender);
    console = closer.register(Peer.builder().nodeId("console").authenticator(TestAuth.authenticator())
        .export(Greeter.class, new GreeterImpl("console")).build());
    sidecar = closer.register(Peer.builder().nodeId("sidecar").credential(TestAuth.token("sidecar")).build());
    greeter = sidecar.dial(console.listen("local:call-log").uri().toString()).proxy(Greeter.class);
  }

  @AfterEach
  void stop() {
    try {
      closer.close();
    } finally {
      calls.detachAppender(appender);
      calls.setLevel(previous);
    }
  }

  @Test
  void aFailedCallIsLoggedOncePerSide() {
    String requestId = null;
    try {
      greeter.failUnchecked("boom");
    } catch (RemoteException e) {
      requestId = e.requestId();
    }
    assertThat(requestId).isNotNull();
    String id = requestId;
    // The callee logs when its side of the stream terminates, which may be just after the caller returned.
    await().until(() -> linesMentioning(id).size() >= 2);
    List<ILoggingEvent> lines = linesMentioning(id);
    assertThat(lines).hasSize(2);
    assertThat(lines).allSatisfy(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.DEBUG);
      assertThat(e.getMDCPropertyMap()).containsEntry("requestId", id);
      assertThat(e.getFormattedMessage()).contains("Greeter.failUnchecked", " ms ", "outcome=");
    });
    assertThat(lines).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("outbound", "node=console", "RemoteException"));
    assertThat(lines).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("inbound", "node=sidecar", "IllegalArgumentException (boom)"));
  }

  @Test
  void successfulCallsLogOkInBothDirections() {
    greeter.hello("x");
    await().until(() -> linesMentioning("Greeter.hello ").size() >= 2);
    assertThat(linesMentioning("Greeter.hello "))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.getFormattedMessage()).contains("outcome=ok"));
  }

  @Test
  void aRejectedRouteIsLoggedOnce() {
    assertThatThrownBy(() -> sidecar.proxy(io.backchannel.testing.Unexported.class, Target.node("console")).nothing())
        .isInstanceOf(io.backchannel.UnknownRouteException.class);
    await().until(() -> linesMentioning("Unexported.nothing").size() >= 2);
    assertThat(linesMentioning("Unexported.nothing")).hasSize(2);
  }

  private List<ILoggingEvent> linesMentioning(String text) {
    synchronized (appender) { // AppenderBase.doAppend holds the same lock
      return appender.list.stream().filter(e -> e.getFormattedMessage().contains(text)).toList();
    }
  }
}
