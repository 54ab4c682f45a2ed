package io.backchannel.cli.demo;

import java.util.List;

/**
 * The demo's cluster mode: three consoles sharing one registry on a real KRaft broker, three
 * sidecars given all three, and a console killed mid-call. Run by the {@code demo} profile after
 * {@code backchannel demo}; it lives in the test sources because it starts the test suite's broker
 * ({@code TestBroker}). Exits 0 if every step worked, and leaves no process behind, even when
 * interrupted (a shutdown hook ends the children; each child also exits when this JVM dies).
 */
public final class ClusterDemo {
  private ClusterDemo() {}

  public static void main(String[] args) {
    Narrator narrator = new Narrator(System.out, System.err);
    ClusterDemoScript script = new ClusterDemoScript(narrator, JavaLauncher.current());
    Runtime.getRuntime().addShutdownHook(new Thread(script::close, "cluster-demo-shutdown"));
    int exitCode = Demo.run(narrator, List.of(
        "",
        "Backchannel cluster demo: three consoles share one registry on a Kafka compacted topic, each a JVM of its own.",
        "Three sidecars each get all three console URIs; then the console holding one is killed with SIGKILL."), script);
    System.exit(exitCode);
  }
}
