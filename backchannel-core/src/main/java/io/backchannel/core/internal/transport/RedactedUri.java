package io.backchannel.core.internal.transport;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A transport URI as it may appear in logs, exception messages and thread names: the values of
 * query parameters that hold secrets (passwords, JAAS configs with credentials, tokens, inline
 * keys, e.g. {@code kafka.sasl.jaas.config}) and any user info are replaced by {@code ***}.
 * Stateless and thread-safe.
 */
public final class RedactedUri {
  private static final Pattern SECRET =
      Pattern.compile("(?i)(.*(password|passwd|secret|jaas|token|credential|apikey|api-key).*|.+\\.key)");

  private RedactedUri() {}

  /** Whether a parameter of this name holds a secret. */
  public static boolean isSecret(String parameter) {
    return SECRET.matcher(parameter).matches();
  }

  /** {@code uri} with secret values masked; works on malformed URIs too. */
  public static String of(String uri) {
    String s = maskUserInfo(uri);
    int q = s.indexOf('?');
    if (q < 0) {
      return s;
    }
    int hash = s.indexOf('#', q);
    String query = hash < 0 ? s.substring(q + 1) : s.substring(q + 1, hash);
    StringBuilder out = new StringBuilder(s.substring(0, q + 1));
    String[] pairs = query.split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      String pair = pairs[i];
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      out.append(i == 0 ? "" : "&").append(eq >= 0 && isSecret(decode(name)) ? name + "=***" : pair);
    }
    return out.append(hash < 0 ? "" : s.substring(hash)).toString();
  }

  private static String maskUserInfo(String uri) {
    int scheme = uri.indexOf("://");
    if (scheme < 0) {
      return uri;
    }
    int start = scheme + 3;
    int end = start;
    while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
      end++;
    }
    int at = uri.lastIndexOf('@', end - 1);
    return at < start ? uri : uri.substring(0, start) + "***" + uri.substring(at);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
