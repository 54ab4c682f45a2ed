package io.backchannel.transport.kafka;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * What makes a {@link TestBroker} a secured one: SASL/PLAIN on both of {@link BrokerMain}'s
 * listeners, with the users defined in the broker's JAAS config, and the StandardAuthorizer
 * refusing whatever no ACL allows. {@value #BROKER} (the broker itself, on the controller and
 * inter-broker connections) and {@value #ADMIN} are super users. Passwords are random per instance
 * and appear only in the broker's files and in what {@link #client} returns. Immutable.
 */
final class BrokerSasl {
  static final String BROKER = "broker";
  static final String ADMIN = "admin";
  private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule required";

  /** User to password, in the order the JAAS config lists them (stable, so the README can show it). */
  private final Map<String, String> passwords;

  private BrokerSasl(Map<String, String> passwords) {
    this.passwords = passwords;
  }

  /** The broker's own user, {@value #ADMIN} and {@code users}, each with a fresh random password. */
  static BrokerSasl users(String... users) {
    SecureRandom random = new SecureRandom();
    Map<String, String> passwords = new LinkedHashMap<>();
    for (String user : Stream.concat(Stream.of(BROKER, ADMIN), Stream.of(users)).toList()) {
      byte[] secret = new byte[16];
      random.nextBytes(secret);
      passwords.put(user, HexFormat.of().formatHex(secret));
    }
    return new BrokerSasl(Collections.unmodifiableMap(passwords));
  }

  /** The settings put over {@link BrokerMain}'s plaintext ones. */
  Map<String, String> brokerProperties() {
    return brokerProperties(passwords::get);
  }

  /** The settings with each user's password as {@code password} gives it (the README shows {@code ...}). */
  Map<String, String> brokerProperties(UnaryOperator<String> password) {
    StringBuilder clientUsers = new StringBuilder();
    passwords.keySet().forEach(user ->
        clientUsers.append(" user_").append(user).append("=\"").append(password.apply(user)).append('"'));
    String self = " username=\"" + BROKER + "\" password=\"" + password.apply(BROKER) + "\"";
    Map<String, String> p = new LinkedHashMap<>();
    p.put("listener.security.protocol.map", "CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
    p.put("sasl.enabled.mechanisms", "PLAIN");
    p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
    p.put("sasl.mechanism.controller.protocol", "PLAIN");
    // username/password: how the broker logs in to itself and its controller; user_*: who may log in.
    p.put("listener.name.client.plain.sasl.jaas.config", PLAIN + self + clientUsers + ";");
    p.put("listener.name.controller.plain.sasl.jaas.config",
        PLAIN + self + " user_" + BROKER + "=\"" + password.apply(BROKER) + "\";");
    p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    p.put("allow.everyone.if.no.acl.found", "false");
    p.put("super.users", "User:" + BROKER + ";User:" + ADMIN);
    return p;
  }

  /** Kafka client properties that log in as {@code user}. */
  Map<String, Object> client(String user) {
    String password = passwords.get(user);
    if (password == null) {
      throw new IllegalArgumentException("no SASL user '" + user + "'; the broker knows " + passwords.keySet());
    }
    return Map.of(
        CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
        SaslConfigs.SASL_MECHANISM, "PLAIN",
        SaslConfigs.SASL_JAAS_CONFIG, PLAIN + " username=\"" + user + "\" password=\"" + password + "\";");
  }

  /** {@link #client} as {@code kafka.*} parameters of a {@code kafka://} URI query. */
  String uriQuery(String user) {
    StringBuilder query = new StringBuilder();
    new TreeMap<>(client(user)).forEach((k, v) -> query.append(query.isEmpty() ? "" : "&")
        .append("kafka.").append(k).append('=')
        .append(URLEncoder.encode(v.toString(), StandardCharsets.UTF_8).replace("+", "%20")));
    return query.toString();
  }
}
