package io.backchannel.cli.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built archive, unpacked and run as a user would: {@code bin/backchannel} through {@code
 * /bin/sh}, in a clean environment whose {@code java} on the PATH is the JVM Maven runs on (17 on
 * this project's machines), so the launcher must find a JDK 25 by itself.
 */
class LauncherIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** Where the launcher looks when BACKCHANNEL_JDK_SEARCH_PATH is unset (bin/backchannel). */
  private static final List<String> STANDARD_JDK_DIRS = List.of("/usr/lib/jvm", "/opt/java", "/Library/Java/JavaVirtualMachines");

  @TempDir
  static Path work;

  private static Path home;
  private static Path mavenJavaHome;
  private static Path oldJavaOnPath;

  @BeforeAll
  static void unpackTheArchive() throws Exception {
    Path archive = Path.of(System.getProperty("dist.archive"));
    Path unpacked = Files.createDirectory(work.resolve("unpacked"));
    Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", unpacked.toString()).inheritIO().start();
    assertThat(tar.waitFor()).as("tar -xzf %s", archive).isZero();
    home = unpacked.resolve(System.getProperty("dist.name"));

    mavenJavaHome = Path.of(System.getProperty("maven.java.home"));
    // A PATH whose java is Maven's JVM, whatever /usr/bin/java is; the launcher reads its version with java -version.
    oldJavaOnPath = Files.createDirectories(work.resolve("old-java/bin"));
    Files.createSymbolicLink(oldJavaOnPath.resolve("java"), mavenJavaHome.resolve("bin/java"));
  }

  @Test
  void theArchivesHoldTheLauncherAndTheJars() throws IOException {
    assertThat(home.resolve("bin/backchannel")).isExecutable();
    try (var jars = Files.list(home.resolve("lib"))) {
      assertThat(jars.map(jar -> jar.getFileName().toString()))
          .contains("backchannel-cli-" + version() + ".jar", "backchannel-core-" + version() + ".jar",
              "backchannel-api-" + version() + ".jar")
          .anyMatch(jar -> jar.startsWith("picocli-"))
          .allMatch(jar -> jar.endsWith(".jar"));
    }
    Path zip = Path.of(System.getProperty("dist.archive").replace(".tar.gz", ".zip"));
    try (ZipFile file = new ZipFile(zip.toFile())) {
      assertThat(file.getEntry(System.getProperty("dist.name") + "/bin/backchannel")).isNotNull();
      assertThat(file.getEntry(System.getProperty("dist.name") + "/lib/backchannel-cli-" + version() + ".jar")).isNotNull();
    }
  }

  @Test
  void versionRunsOnAJdk25ItFindsWhenJavaHomeIsUnsetAndThePathsJavaIsOlder() throws Exception {
    assumeOlderMavenJava();
    // Through a symlink, as when bin/backchannel is linked into /usr/local/bin: lib/ is still found.
    Path linked = Files.createDirectories(work.resolve("linked/bin"));
    Files.createSymbolicLink(linked.resolve("backchannel"), home.resolve("bin/backchannel"));
    Map<String, String> environment = findingTheTestJdk(baseEnvironment());
    for (Path launcher : List.of(home, linked.getParent())) {
      try (Launched version = Launched.start(launcher, environment, "--version")) {
        assertThat(version.awaitExit(TIMEOUT)).as(version.stderr()).isZero();
        List<String> lines = version.stdout().lines().toList();
        assertThat(lines.get(0)).isEqualTo("backchannel " + version());
        assertThat(javaFeatureVersion(lines.get(1))).isGreaterThanOrEqualTo(25);
        assertThat(lines.get(1)).doesNotContain(mavenJavaHome.toString());
      }
    }
  }

  @Test
  void consoleThenBenchAgainstIt() throws Exception {
    Map<String, String> environment = baseEnvironment();
    // The console finds its JDK through JAVA_HOME; bench, with JAVA_HOME unset, through the search.
    environment.put("BACKCHANNEL_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    Map<String, String> consoleEnvironment = new HashMap<>(environment);
    consoleEnvironment.put("JAVA_HOME", System.getProperty("java.home"));
    try (Launched console = Launched.start(home, consoleEnvironment, "console", "--insecure", "--listen", "tcp://127.0.0.1:0")) {
      String uri = console.awaitLine("READY ", TIMEOUT).substring("READY ".length());
      assertThat(uri).startsWith("tcp://127.0.0.1:");
      // The launcher exec'd java: the process users start, and signal, is the JVM itself.
      assertThat(console.command()).endsWith("/bin/java");

      try (Launched bench = Launched.start(home, findingTheTestJdk(environment),
          "bench", uri, "-n", "2000", "-c", "8", "--json", "--no-progress")) {
        assertThat(bench.awaitExit(TIMEOUT)).as(bench.stderr()).isZero();
        assertThat(bench.stdout()).contains("\"node\":\"console\"", "\"calls\":2000", "\"errors\":0");
        assertTheJvmFlagsWerePassed(bench.stderr());
      }
      assertThat(console.terminate(TIMEOUT)).as("exit code of the console's JVM on SIGTERM").isEqualTo(143);
      assertTheJvmFlagsWerePassed(console.stderr());
    }
  }

  @Test
  void javaOptsAndBackchannelOptsReachTheJvm() throws Exception {
    for (String variable : List.of("JAVA_OPTS", "BACKCHANNEL_OPTS")) {
      Map<String, String> environment = baseEnvironment();
      environment.put("JAVA_HOME", System.getProperty("java.home"));
      environment.put(variable, "-Xshare:auto -XX:+NoSuchFlagFrom" + variable);
      try (Launched version = Launched.start(home, environment, "--version")) {
        assertThat(version.awaitExit(TIMEOUT)).isNotZero();
        assertThat(version.stderr()).contains("NoSuchFlagFrom" + variable);
      }
    }
  }

  @Test
  void withoutAJdk25ItSaysWhatItTriedAndFails() throws Exception {
    assumeOlderMavenJava();
    Path nowhere = Files.createDirectories(work.resolve("no-jdks-here"));
    Map<String, String> environment = baseEnvironment();
    environment.put("JAVA_HOME", mavenJavaHome.toString());
    environment.put("BACKCHANNEL_JDK_SEARCH_PATH", nowhere.toString());
    try (Launched launched = Launched.start(home, environment, "--version")) {
      assertThat(launched.awaitExit(TIMEOUT)).isEqualTo(1);
      int old = Runtime.Version.parse(javaVersionOf(mavenJavaHome)).feature();
      assertThat(launched.stderr())
          .startsWith("backchannel: needs Java 25 or newer, and found none:")
          .contains("JAVA_HOME=" + mavenJavaHome + " is Java " + old)
          .contains("java on the PATH (" + oldJavaOnPath.resolve("java") + ") is Java " + old)
          .contains("no Java 25 or newer in " + nowhere)
          .contains("set JAVA_HOME");
      assertThat(launched.stdout()).isEmpty();
    }
  }

  /** PATH with the old java first, a HOME of its own (no ~/.sdkman or ~/.jdks), and nothing else. */
  private static Map<String, String> baseEnvironment() {
    Map<String, String> environment = new HashMap<>();
    environment.put("PATH", oldJavaOnPath + ":/usr/bin:/bin");
    environment.put("HOME", work.toString());
    return environment;
  }

  /**
   * Leaves the standard search to find the JDK 25 that runs this test when it is installed in a
   * standard place (it is on this project's machines); elsewhere points the search at it.
   */
  private static Map<String, String> findingTheTestJdk(Map<String, String> environment) {
    Path testJdkParent = Path.of(System.getProperty("java.home")).getParent();
    Map<String, String> result = new HashMap<>(environment);
    if (!STANDARD_JDK_DIRS.contains(testJdkParent.toString())) {
      result.put("BACKCHANNEL_JDK_SEARCH_PATH", testJdkParent.toString());
    }
    return result;
  }

  private static void assumeOlderMavenJava() throws IOException {
    assumeThat(Runtime.Version.parse(javaVersionOf(mavenJavaHome)).feature())
        .as("Maven runs on Java 25+, so no older java is at hand for the PATH")
        .isLessThan(25);
  }

  /** Without the flags, JDK 25 warns on stderr about sun.misc.Unsafe (JCTools) and restricted native calls (Netty). */
  private static void assertTheJvmFlagsWerePassed(String stderr) {
    assertThat(stderr).doesNotContain("sun.misc.Unsafe", "restricted method");
  }

  private static int javaFeatureVersion(String versionLine) {
    Matcher matcher = Pattern.compile("^Java (\\d+)").matcher(versionLine);
    assertThat(matcher.find()).as("a Java version in '%s'", versionLine).isTrue();
    return Integer.parseInt(matcher.group(1));
  }

  private static String javaVersionOf(Path javaHome) throws IOException {
    return Files.readAllLines(javaHome.resolve("release")).stream()
        .filter(line -> line.startsWith("JAVA_VERSION="))
        .map(line -> line.substring("JAVA_VERSION=".length()).replace("\"", ""))
        .findFirst().orElseThrow(() -> new AssertionError("no JAVA_VERSION in " + javaHome.resolve("release")));
  }

  private static String version() {
    return System.getProperty("project.version");
  }
}
