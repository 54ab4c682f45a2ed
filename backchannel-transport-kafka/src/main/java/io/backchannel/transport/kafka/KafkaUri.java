package io.backchannel.transport.kafka;

import io.backchannel.core.internal.transport.RedactedUri;
import io.backchannel.core.internal.transport.TlsOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code kafka://host:port[,host:port...]/topic?param=value&...} URI. Immutable.
 *
 * @param bootstrapServers the authority, as Kafka's {@code bootstrap.servers}
 * @param topic the server's connection-request topic; replies go to {@code topic-reply}
 * @param maxFrameSize the largest RSocket frame put in one record; RSocket fragments above it
 * @param connectTimeout how long a client waits for the server to confirm its session
 * @param deliveryTimeout how long a frame may wait for an absent broker before the session fails
 * @param sweepInterval how often a server looks for topics of dead sessions; zero disables
 * @param sessionIdleTimeout how long a session's topics must be silent before the sweep deletes them
 * @param group the server's consumer group for connection requests
 * @param replicationFactor of the topics the server creates; -1 takes the broker's default
 * @param clientProperties {@code kafka.*} parameters, passed to every Kafka client unchanged
 * @param maxPendingSessions sessions a server holds open before their first frame; more are refused
 * @param firstFrameTimeout how long a server session may take to deliver its first frame
 * @param streamPrefetch stream items a receiver asks for ahead: each REQUEST_N crosses the broker
 * @param tls session TLS ({@code cert}, {@code key}, {@code ca}, {@code clientAuth}, {@code
 *     serverName}, as for core's TLS transports), or null for plain sessions
 */
record KafkaUri(
    String bootstrapServers,
    String topic,
    int maxFrameSize,
    Duration connectTimeout,
    Duration deliveryTimeout,
    Duration sweepInterval,
    Duration sessionIdleTimeout,
    String group,
    short replicationFactor,
    Map<String, String> clientProperties,
    int maxPendingSessions,
    Duration firstFrameTimeout,
    int streamPrefetch,
    @Nullable TlsOptions tls) {

  static final int DEFAULT_MAX_FRAME_SIZE = 900 * 1024;
  /** RSocket's frame-length limit (24 bits). */
  static final int MAX_FRAME_SIZE = 16_777_215;
  /** Leaves room for the session-topic suffix within Kafka's 249-character topic names. */
  static final int MAX_TOPIC_LENGTH = 200;

  private static final Set<String> PARAMETERS =
      Set.of("maxFrameSize", "connectTimeout", "deliveryTimeout", "sweepInterval", "sessionIdleTimeout",
          "group", "replicationFactor", "maxPendingSessions", "firstFrameTimeout", "streamPrefetch");
  /** Core's TLS parameters; any of them turns session TLS on. */
  static final Set<String> TLS_PARAMETERS = Set.of("cert", "key", "ca", "clientAuth", "serverName");
  private static final String CLIENT_PREFIX = "kafka.";

  KafkaUri {
    clientProperties = Map.copyOf(clientProperties);
  }

  /** Parses {@code uri}; throws {@link IllegalArgumentException} naming the bad part. */
  static KafkaUri parse(URI uri) {
    if (!"kafka".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("not a kafka URI: " + redact(uri) + " (expected kafka://host:port/topic)");
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isBlank()) {
      throw new IllegalArgumentException("kafka URI needs bootstrap servers: " + redact(uri) + " (expected kafka://host:port/topic)");
    }
    String topic = topic(uri);
    Map<String, String> params = new LinkedHashMap<>();
    Map<String, String> client = new LinkedHashMap<>();
    StringBuilder tlsQuery = new StringBuilder();
    for (Map.Entry<String, String> e : query(uri).entrySet()) {
      if (TLS_PARAMETERS.contains(e.getKey())) {
        tlsQuery.append(tlsQuery.isEmpty() ? "" : "&").append(e.getKey()).append('=')
            .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
      } else if (e.getKey().startsWith(CLIENT_PREFIX)) {
        client.put(e.getKey().substring(CLIENT_PREFIX.length()), e.getValue());
      } else if (PARAMETERS.contains(e.getKey())) {
        params.put(e.getKey(), e.getValue());
      } else {
        throw new IllegalArgumentException(
            "unknown parameter '" + e.getKey() + "' in " + redact(uri) + "; known: " + PARAMETERS + ", "
                + TLS_PARAMETERS + " and kafka.<client property>");
      }
    }
    int maxFrameSize = (int) number(params, "maxFrameSize", DEFAULT_MAX_FRAME_SIZE, 64, MAX_FRAME_SIZE);
    return new KafkaUri(
        bootstrapServers(authority),
        topic,
        maxFrameSize,
        duration(params, "connectTimeout", Duration.ofSeconds(10), false),
        duration(params, "deliveryTimeout", Duration.ofMinutes(2), false),
        duration(params, "sweepInterval", Duration.ofMinutes(1), true),
        duration(params, "sessionIdleTimeout", Duration.ofMinutes(5), false),
        params.getOrDefault("group", "backchannel-" + topic),
        (short) number(params, "replicationFactor", -1, -1, Short.MAX_VALUE),
        client,
        (int) number(params, "maxPendingSessions", 64, 1, 100_000),
        duration(params, "firstFrameTimeout", Duration.ofSeconds(30), false),
        (int) number(params, "streamPrefetch", 1024, 1, 1 << 20),
        tlsQuery.isEmpty() ? null : TlsOptions.parse(URI.create("kafka://tls/?" + tlsQuery)));
  }

  private static String bootstrapServers(String authority) {
    StringBuilder servers = new StringBuilder();
    for (String server : authority.split(",")) {
      if (server.isBlank()) {
        throw new IllegalArgumentException("empty bootstrap server in '" + authority + "'");
      }
      servers.append(servers.isEmpty() ? "" : ",").append(server.contains(":") ? server : server + ":9092");
    }
    return servers.toString();
  }

  private static String topic(URI uri) {
    String path = uri.getPath();
    String topic = path == null || path.length() < 2 ? "" : path.substring(1);
    if (!topic.matches("[A-Za-z0-9._-]{1," + MAX_TOPIC_LENGTH + "}")) {
      throw new IllegalArgumentException(
          "kafka URI needs a topic of 1 to " + MAX_TOPIC_LENGTH + " characters [A-Za-z0-9._-]: " + redact(uri)
              + " (expected kafka://host:port/topic)");
    }
    return topic;
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> query = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("query parameter without a value in " + redact(uri));
      }
      query.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
    }
    return query;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static long number(Map<String, String> params, String name, long fallback, long min, long max) {
    String value = params.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the expected range
    }
    throw new IllegalArgumentException(name + "=" + value + " is not an integer in [" + min + ", " + max + "]");
  }

  /** Accepts {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, plain milliseconds or ISO-8601. */
  static Duration duration(Map<String, String> params, String name, Duration fallback, boolean zeroAllowed) {
    String value = params.get(name);
    if (value == null) {
      return fallback;
    }
    Duration d = null;
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("p")) {
        d = Duration.parse(value.trim());
      } else if (v.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      } else if (v.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
      } else if (v.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      } else if (v.endsWith("h")) {
        d = Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
      } else {
        d = Duration.ofMillis(Long.parseLong(v));
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      // reported below
    }
    if (d == null || d.isNegative() || (d.isZero() && !zeroAllowed)) {
      throw new IllegalArgumentException(
          name + "=" + value + " is not a " + (zeroAllowed ? "non-negative" : "positive")
              + " duration (e.g. 500ms, 10s, 5m)");
    }
    return d;
  }

  /**
   * {@code uri} with the values of secret {@code kafka.*} parameters (passwords, JAAS configs,
   * tokens, keys) replaced by {@code ***}: safe for logs, messages and thread names.
   */
  static String redact(URI uri) {
    return RedactedUri.of(uri.toString());
  }

  private static boolean isSecret(String name) {
    return RedactedUri.isSecret(name);
  }

  /** Without secrets: the client properties whose values are secrets are shown as {@code ***}. */
  @Override
  public String toString() {
    Map<String, String> shown = new LinkedHashMap<>();
    clientProperties.forEach((k, v) -> shown.put(k, isSecret(CLIENT_PREFIX + k) ? "***" : v));
    return "KafkaUri[kafka://" + bootstrapServers + "/" + topic + ", clientProperties=" + shown + ", tls="
        + (tls != null) + "]";
  }

  /** The topic the server answers connection requests on. */
  String replyTopic() {
    return topic + "-reply";
  }
}
