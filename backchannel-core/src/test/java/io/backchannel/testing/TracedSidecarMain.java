package io.backchannel.testing;

import io.backchannel.RemoteService;
import io.backchannel.core.Peer;
import io.backchannel.core.node.Link;
import io.backchannel.core.node.Target;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;

/**
 * A sidecar in a child JVM that traces its calls ({@link TestTracing}) and prints every span as it
 * ends, as {@code SPAN <traceId> <spanId> <parentSpanId> <kind> <name> <request.id>}. {@code <hub
 * uri> <nodeId>} dials the hub (node {@code console}), exports {@link GreeterImpl} and prints
 * {@code READY <nodeId>}; then each line {@code call <nodeId> <name>} on its standard input calls
 * {@code Greeter.hello(name)} on that node, and each line {@code forward <nodeId> <name>} asks the
 * hub's {@link Forwarder} to, printing {@code RESULT <value>} or {@code FAILED <exception>}. It runs
 * until its standard input closes.
 */
public final class TracedSidecarMain {
  private TracedSidecarMain() {}

  /** What the hub offers in these tests: a call it makes itself, inside its handler. */
  @RemoteService
  public interface Forwarder {
    /** Calls {@code Greeter.hello(name)} on node {@code nodeId} and returns its answer. */
    String forward(String nodeId, String name);
  }

  public static void main(String[] args) throws IOException {
    String hub = args[0];
    String nodeId = args[1];
    try (TestTracing tracing = new TestTracing(new LinePrinter());
        Peer peer = Peer.builder().nodeId(nodeId).hub("console")
            .credential(TestAuth.token(nodeId))
            .authenticator(TestAuth.authenticator())
            .observations(tracing.registry())
            .export(Greeter.class, new GreeterImpl(nodeId))
            .build()) {
      Link link = peer.connect(hub);
      link.awaitConnection(Duration.ofSeconds(30));
      print("READY " + nodeId);
      BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = commands.readLine(); line != null; line = commands.readLine()) {
        String[] words = line.split(" ");
        if (words.length != 3) {
          continue;
        }
        try {
          switch (words[0]) {
            case "call" -> print("RESULT " + peer.proxy(Greeter.class, Target.node(words[1])).hello(words[2]));
            case "forward" -> print("RESULT " + peer.proxy(Forwarder.class, Target.node("console")).forward(words[1], words[2]));
            default -> print("FAILED unknown command " + words[0]);
          }
        } catch (RuntimeException e) {
          print("FAILED " + e);
        }
      }
    }
  }

  private static synchronized void print(String line) {
    System.out.println(line);
    System.out.flush();
  }

  /** Prints each finished span as one line. */
  private static final class LinePrinter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      for (SpanData span : spans) {
        print("SPAN " + span.getTraceId() + " " + span.getSpanId() + " " + span.getParentSpanId() + " " + span.getKind()
            + " " + span.getName() + " " + span.getAttributes().asMap().entrySet().stream()
                .filter(entry -> entry.getKey().getKey().equals("request.id")).map(entry -> String.valueOf(entry.getValue()))
                .findFirst().orElse("-"));
      }
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
