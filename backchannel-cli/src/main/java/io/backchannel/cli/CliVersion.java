package io.backchannel.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code backchannel --version} prints: the build's version, then the Java runtime that runs it
 * and where it lives, since the launcher may have picked a JDK other than the default {@code java}.
 */
final class CliVersion implements IVersionProvider {
  private static final String RESOURCE = "version.properties";

  @Override
  public String[] getVersion() {
    return new String[] {
        "backchannel " + version(),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ") at "
            + System.getProperty("java.home", "unknown")};
  }

  /** The project version the build wrote into {@code version.properties}. */
  static String version() {
    try (InputStream in = CliVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing next to " + CliVersion.class.getName() + "; the build writes it");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
