package io.backchannel.cli;

import io.backchannel.cli.demo.Demo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code backchannel demo}. */
@Command(
    name = "demo",
    description = {
        "Runs a console in this process and three sidecars of two tenants as child JVMs on loopback,",
        "shows them calling each other (calls by node id, a stream, a channel, an error, a missed",
        "deadline, a forged token, tenant isolation, least-loaded routing, a killed sidecar) and exits 0",
        "if every step worked."})
final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return Demo.run(System.out, System.err);
  }
}
