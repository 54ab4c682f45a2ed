package io.backchannel.interop.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md's "Calling from Spring's RSocketRequester" shows, verbatim, the code that
 * {@link SpringRequesterTest} runs: each block between a {@code // docs/protocol.md ...: NAME, from
 * here} and a {@code // to here} comment in this package's sources, less its indentation. Change
 * the tested code, and this says which block of the doc to update.
 */
class ProtocolDocTest {
  private static final Path DOC = Path.of("..", "docs", "protocol.md");
  private static final Path SOURCES = Path.of("src", "test", "java", "io", "backchannel", "interop", "spring");
  private static final String FROM = "// docs/protocol.md \"Calling from Spring's RSocketRequester\": ";

  @Test
  void theDocShowsTheCodeTheTestRuns() throws IOException {
    Map<String, String> snippets = new LinkedHashMap<>();
    snippets.putAll(snippets(SOURCES.resolve("SpringRequesterTest.java")));
    snippets.putAll(snippets(SOURCES.resolve("InventoryClient.java")));
    assertThat(snippets.keySet()).containsExactly("connect", "calls", "exchange proxy", "metadata", "string result",
        "exchange interface");
    String doc = Files.readString(DOC);
    assertThat(doc).contains("## Calling from Spring's RSocketRequester");
    snippets.forEach((name, code) -> assertThat(doc).as("the doc's \"%s\" block", name).contains("```java\n" + code + "```\n"));
  }

  /** The marked blocks of {@code source} by name, each de-indented, lines ending in newlines. */
  static Map<String, String> snippets(Path source) throws IOException {
    Map<String, String> found = new LinkedHashMap<>();
    String name = null;
    List<String> block = new ArrayList<>();
    for (String line : Files.readAllLines(source)) {
      String trimmed = line.strip();
      if (trimmed.startsWith(FROM) && trimmed.endsWith(", from here")) {
        name = trimmed.substring(FROM.length(), trimmed.length() - ", from here".length());
        block.clear();
      } else if (name != null && trimmed.equals("// to here")) {
        found.put(name, dedent(block));
        name = null;
      } else if (name != null) {
        block.add(line);
      }
    }
    assertThat(name).as("an unclosed block in %s", source).isNull();
    return found;
  }

  private static String dedent(List<String> lines) {
    int indent = lines.stream().filter(l -> !l.isBlank())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    StringBuilder out = new StringBuilder();
    lines.forEach(l -> out.append(l.isBlank() ? "" : l.substring(indent)).append('\n'));
    return out.toString();
  }
}
