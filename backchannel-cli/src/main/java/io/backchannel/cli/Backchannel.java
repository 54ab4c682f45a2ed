package io.backchannel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code backchannel} command: run a console or a sidecar, or watch both in the demo. */
@Command(
    name = "backchannel",
    description = "Peer-to-peer RPC over RSocket: run a console or a sidecar, or watch both in the demo.",
    subcommands = {DemoCommand.class, ConsoleCommand.class, SidecarCommand.class, KeygenCommand.class, TokenCommand.class, io.backchannel.cli.bench.BenchCommand.class,
        CommandLine.HelpCommand.class},
    versionProvider = CliVersion.class)
public final class Backchannel implements Runnable {
  @Spec
  private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and the Java runtime, and exit.")
  private boolean version;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line, with failures reported as one line instead of a stack trace. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Backchannel());
    commandLine.setExecutionExceptionHandler((failure, failed, parseResult) -> {
      failed.getErr().println("backchannel " + failed.getCommandName() + ": " + failure.getMessage());
      return 1;
    });
    return commandLine;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command: give one of demo, console, sidecar");
  }
}
