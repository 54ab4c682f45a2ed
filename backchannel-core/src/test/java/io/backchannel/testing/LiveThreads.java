package io.backchannel.testing;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live threads Backchannel started, platform and virtual alike. {@link
 * Thread#getAllStackTraces()} omits virtual threads, so this reads the JDK's JSON thread dump,
 * which lists every thread in every thread container (the JDK tracks all of them unless {@code
 * -Djdk.trackAllThreads=false}).
 */
final class LiveThreads {
  private static final ObjectMapper JSON = new JsonMapper();
  private static final int STACK_TOP = 4;

  /** A live thread: its dump id, name and topmost frames. */
  record LiveThread(String id, String name, boolean virtual, List<String> stackTop) {
    @Override
    public String toString() {
      return (virtual ? "virtual " : "") + "thread \"" + name + "\"" + (stackTop.isEmpty() ? "" : "\n      at " + String.join("\n      at ", stackTop));
    }
  }

  private LiveThreads() {}

  /**
   * Whether {@code name} is one Backchannel gives its threads: {@code bc-<node>-N} handlers and
   * {@code bc-link-<uri>} redialers (core), {@code backchannel-shm-*} and {@code backchannel-kafka-*}
   * transport threads, and Kafka clients' own threads, named {@code ... | backchannel-<role>-N}
   * after the client id Backchannel sets.
   */
  static boolean isBackchannel(String name) {
    return name.startsWith("bc-") || name.startsWith("backchannel-") || name.contains("| backchannel-");
  }

  /** Backchannel's live threads by dump id. */
  static Map<String, LiveThread> backchannel() {
    Map<String, LiveThread> threads = new LinkedHashMap<>();
    for (JsonNode container : dump().path("threadDump").path("threadContainers")) {
      for (JsonNode thread : container.path("threads")) {
        String name = thread.path("name").asString("");
        if (isBackchannel(name)) {
          // The top frame says what the thread waits in; the first non-JDK frames say whose it is.
          List<String> top = new ArrayList<>();
          for (JsonNode frame : thread.path("stack")) {
            String text = frame.asString();
            if (top.isEmpty() || !text.startsWith("java.base/")) {
              top.add(text);
            }
            if (top.size() == STACK_TOP) {
              break;
            }
          }
          String id = thread.path("tid").asString();
          threads.put(id, new LiveThread(id, name, thread.path("virtual").asBoolean(false), top));
        }
      }
    }
    return threads;
  }

  private static JsonNode dump() {
    try {
      Path file = Path.of(System.getProperty("java.io.tmpdir"), "bc-threads-" + UUID.randomUUID() + ".json");
      try {
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpThreads(file.toString(), ThreadDumpFormat.JSON);
        return JSON.readTree(file.toFile());
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not dump the JVM's threads", e);
    }
  }
}
