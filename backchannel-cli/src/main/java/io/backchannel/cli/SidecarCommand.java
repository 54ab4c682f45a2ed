package io.backchannel.cli;

import io.backchannel.cli.node.SidecarNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backchannel sidecar}: dials the console and serves it, opening no port. */
@Command(
    name = "sidecar",
    description = {
        "Dials the console (opening no port), registers, exports the Sidecar service, and runs until",
        "killed, its stdin closes, its parent process exits, or the console closes the connection.",
        "Given several consoles (a cluster), it keeps a link to one of them and moves to another",
        "whenever its connection drops, instead of exiting. Prints 'READY <node-id>' once registered."})
final class SidecarCommand implements Callable<Integer> {
  private static final String CONSOLE_GONE = "the console closed the connection";

  @Spec
  private CommandSpec spec;

  @Option(names = "--node-id", required = true, paramLabel = "<id>", description = "This sidecar's node id, unique per console.")
  private String nodeId;

  @Option(names = "--console", paramLabel = "<uri>", split = ",", defaultValue = "tcp://127.0.0.1:7000",
      description = {"The console to dial (default: ${DEFAULT-VALUE}). Repeat it, or give a comma-separated list,",
          "for the consoles of a cluster: the sidecar dials one at random and moves to the next when its",
          "connection drops."})
  private List<String> consoles;

  @Option(names = "--token", paramLabel = "<token>",
      description = "The bearer token to present (see 'token'); defaults to the BACKCHANNEL_TOKEN environment variable.")
  private @Nullable String token;

  @Option(names = "--detached",
      description = "Keep running when stdin closes or the parent process exits (for nohup or a service manager).")
  private boolean detached;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.printf("pid %d, dialing %s; this process listens on no port%n", ProcessHandle.current().pid(),
        consoles.size() == 1 ? consoles.getFirst() : "one of " + String.join(", ", consoles));
    String credential = token != null ? token : System.getenv("BACKCHANNEL_TOKEN");
    if (credential == null || credential.isBlank()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "a sidecar needs a token: --token <token> or the BACKCHANNEL_TOKEN environment variable");
    }
    try (SidecarNode sidecar = SidecarNode.dial(nodeId, consoles, credential)) {
      out.printf("connected to node %s, registered, assigned %s%n", sidecar.console().remote().nodeId(), sidecar.job());
      // The first reason to stop wins: closing the sidecar also closes the connection, which must
      // then not count as the console leaving.
      CompletableFuture<String> stop = new CompletableFuture<>();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        stop.complete("terminated");
        sidecar.close();
      }, "sidecar-shutdown"));
      sidecar.consoleGone().thenRun(() -> stop.complete(CONSOLE_GONE));
      if (!detached) {
        watchStdin(stop);
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> stop.complete("parent process exited")));
      }
      out.println("READY " + nodeId);
      String reason = stop.join();
      out.println("stopping: " + reason);
      return reason.equals(CONSOLE_GONE) ? 1 : 0;
    }
  }

  /** Completes {@code stop} when stdin ends: the parent closed it, or died. */
  private static void watchStdin(CompletableFuture<String> stop) {
    Thread.ofPlatform().name("stdin-watch").daemon().start(() -> {
      try {
        System.in.transferTo(OutputStream.nullOutputStream());
      } catch (IOException e) {
        // A broken stdin counts as closed.
      }
      stop.complete("stdin closed");
    });
  }
}
