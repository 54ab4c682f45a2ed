package io.backchannel.cli.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the command line of a child JVM that runs {@code backchannel <args>} with the running
 * JVM's binary and class path, so children run exactly the code and Java version the parent does.
 *
 * @param java the {@code java} binary
 * @param classpath the class path to run with
 */
record JavaLauncher(String java, String classpath) {
  /** Without these, JDK 24+ warns about the JCTools copy in rsocket (Unsafe) and Netty's native transport. */
  static final List<String> REQUIRED_FLAGS =
      List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED");
  /** Children are small and short-lived: C1 only and the serial GC start faster and use fewer threads. */
  static final List<String> SMALL_JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  static final String MAIN_CLASS = "io.backchannel.cli.Backchannel";

  /** The launcher of the running JVM. */
  static JavaLauncher current() {
    String java = ProcessHandle.current().info().command()
        .orElseThrow(() -> new IllegalStateException("cannot tell which java binary runs this process"));
    return new JavaLauncher(java, System.getProperty("java.class.path"));
  }

  /** {@code java <flags> -cp <classpath> io.backchannel.cli.Backchannel <args>}. */
  List<String> backchannel(String... args) {
    return main(MAIN_CLASS, args);
  }

  /** {@code java <flags> -cp <classpath> <mainClass> <args>}. */
  List<String> main(String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(REQUIRED_FLAGS);
    command.addAll(SMALL_JVM_FLAGS);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(List.of(args));
    return command;
  }
}
