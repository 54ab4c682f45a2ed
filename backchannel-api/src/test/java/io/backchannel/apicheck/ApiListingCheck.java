package io.backchannel.apicheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares a module's committed listing with its compiled classes. Run from the module directory
 * (Surefire's working directory): reads {@code target/classes}, compares with {@code
 * api/<artifactId>.api}. With {@code -Dapi.update=true} it rewrites the file instead of failing.
 */
public final class ApiListingCheck {
  /** The system property that turns the check into a rewrite of the committed file. */
  public static final String UPDATE_PROPERTY = "api.update";

  private ApiListingCheck() {}

  /**
   * Fails with the lines that differ unless the listing in {@code api/<artifactId>.api} matches.
   *
   * @param artifactId names the listing file and the module in the message
   * @param anyClass a class of the module, whose loader loads the rest
   */
  public static void verify(String artifactId, Class<?> anyClass) {
    Path file = Path.of("api", artifactId + ".api");
    List<String> actual = ApiListing.of(Path.of("target", "classes"), anyClass.getClassLoader());
    try {
      if (Boolean.getBoolean(UPDATE_PROPERTY)) {
        Files.createDirectories(file.getParent());
        Files.write(file, actual, StandardCharsets.UTF_8);
        return;
      }
      List<String> expected = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
      if (!expected.equals(actual)) {
        throw new AssertionError(message(artifactId, file, expected, actual));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String message(String artifactId, Path file, List<String> expected, List<String> actual) {
    Set<String> removed = new LinkedHashSet<>(expected);
    removed.removeAll(actual);
    Set<String> added = new LinkedHashSet<>(actual);
    added.removeAll(expected);
    StringBuilder out = new StringBuilder()
        .append("The public API of ").append(artifactId).append(" differs from ").append(file)
        .append(" (- only in the file, + only in the code):\n");
    removed.forEach(line -> out.append("- ").append(line).append('\n'));
    added.forEach(line -> out.append("+ ").append(line).append('\n'));
    if (removed.isEmpty() && added.isEmpty()) {
      out.append("(same lines, different order)\n");
    }
    return out.append("If the change is intended, regenerate the listing (see docs/api-listing.md) and commit it:\n")
        .append("  ./mvnw -B -q -pl ").append(artifactId)
        .append(" -am verify -Dtest=ApiListingTest -Dsurefire.failIfNoSpecifiedTests=false -Dapi.update=true")
        .toString();
  }
}
