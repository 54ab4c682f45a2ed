package io.backchannel.transport.kafka;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two single-partition topics one session owns: {@code <topic>.session.<id>.c2s} (client to
 * server) and {@code <topic>.session.<id>.s2c}. A fresh id per connection means a session never
 * reads another session's frames.
 */
record SessionTopics(String id, String clientToServer, String serverToClient) {

  private static final String C2S = "c2s";
  private static final String S2C = "s2c";

  static SessionTopics create(String topic) {
    return of(topic, UUID.randomUUID().toString());
  }

  static SessionTopics of(String topic, String id) {
    if (!isSessionId(id)) {
      throw new IllegalArgumentException("bad session id '" + id + "' (expected a UUID)");
    }
    String prefix = prefix(topic) + id + ".";
    return new SessionTopics(id, prefix + C2S, prefix + S2C);
  }

  /** The session id whose topics include {@code name}, if {@code name} is a session topic of {@code topic}. */
  static Optional<String> sessionOf(String topic, String name) {
    Matcher m = Pattern.compile(Pattern.quote(prefix(topic)) + "([0-9a-f-]{36})\\.(" + C2S + "|" + S2C + ")")
        .matcher(name);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  static boolean isSessionId(String id) {
    return id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }

  List<String> both() {
    return List.of(clientToServer, serverToClient);
  }

  private static String prefix(String topic) {
    return topic + ".session.";
  }
}
