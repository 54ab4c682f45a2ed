package io.backchannel.spring.boot.internal.peer;

import io.backchannel.spring.boot.BackchannelProperties;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Adds {@code backchannel.tls.*} to the URIs that speak TLS as the query parameters of {@code
 * docs/tls.md}; a parameter the URI already gives is left as it is, and plain URIs are unchanged.
 */
public final class TlsUris {
  private final BackchannelProperties.Tls tls;

  public TlsUris(BackchannelProperties.Tls tls) {
    this.tls = tls;
  }

  /** {@code uri} as a listener's URI. */
  public String forListener(String uri) {
    Map<String, String> params = common();
    if (tls.getClientAuth() != null) {
      params.put("clientAuth", tls.getClientAuth().name().toLowerCase(Locale.ROOT));
    }
    return withParams(uri, params);
  }

  /** {@code uri} as a dialer's URI. */
  public String forDialer(String uri) {
    Map<String, String> params = common();
    if (tls.getServerName() != null) {
      params.put("serverName", tls.getServerName());
    }
    return withParams(uri, params);
  }

  private Map<String, String> common() {
    Map<String, String> params = new LinkedHashMap<>();
    if (tls.getCert() != null) {
      params.put("cert", tls.getCert().toString());
    }
    if (tls.getKey() != null) {
      params.put("key", tls.getKey().toString());
    }
    if (tls.getCa() != null) {
      params.put("ca", tls.getCa().toString());
    }
    return params;
  }

  private static String withParams(String uri, Map<String, String> params) {
    String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')).toLowerCase(Locale.ROOT) : "";
    if (!scheme.equals("tcp+tls") && !scheme.equals("tls") && !scheme.equals("wss")) {
      return uri;
    }
    int query = uri.indexOf('?');
    String given = query < 0 ? "" : uri.substring(query + 1);
    StringBuilder out = new StringBuilder(uri);
    char separator = query < 0 ? '?' : '&';
    for (Map.Entry<String, String> param : params.entrySet()) {
      if (given.startsWith(param.getKey() + "=") || given.contains("&" + param.getKey() + "=")) {
        continue;
      }
      out.append(separator).append(param.getKey()).append('=')
          .append(URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
      separator = '&';
    }
    return out.toString();
  }
}
