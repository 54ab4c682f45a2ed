package io.backchannel.transport.kafka;

import io.backchannel.core.internal.transport.RedactedUri;
import io.backchannel.core.transport.TransportFactory;
import io.rsocket.Closeable;
import io.rsocket.transport.ClientTransport;
import io.rsocket.transport.ServerTransport;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code kafka://host:port[,host:port...]/topic[?param=value&...]}: RSocket over Apache Kafka. A
 * server consumes {@code topic} for connection requests and confirms on {@code topic-reply}; each
 * connection then has its own pair of single-partition topics. Parameters: {@code maxFrameSize}
 * (bytes, default 921600), {@code connectTimeout} (10s), {@code deliveryTimeout} (2m), {@code
 * sweepInterval} (1m, 0 = off), {@code sessionIdleTimeout} (5m), {@code group} (the server's
 * consumer group, default {@code backchannel-<topic>}), {@code replicationFactor} (broker
 * default), {@code maxPendingSessions} (64), {@code firstFrameTimeout} (30s), {@code streamPrefetch}
 * (1024 stream items asked for ahead), session TLS with
 * core's {@code cert}, {@code key}, {@code ca}, {@code clientAuth}, {@code serverName}, and {@code
 * kafka.<property>} for any Kafka client property. Thread-safe; see the
 * module README for the full contract.
 */
public final class KafkaTransportFactory implements TransportFactory {

  /** Called by {@link java.util.ServiceLoader}. */
  public KafkaTransportFactory() {}

  @Override
  public boolean supports(String scheme) {
    return scheme.equals("kafka");
  }

  @Override
  public ClientTransport client(URI uri) {
    return new KafkaClientTransport(KafkaUri.parse(uri));
  }

  @Override
  public ServerTransport<? extends Closeable> server(URI uri) {
    return new KafkaServerTransport(KafkaUri.parse(uri));
  }

  /**
   * The listener's URI for dialers: its own key material ({@code cert}, {@code key}) and {@code
   * clientAuth} stay behind, as with core's TLS transports; {@code ca} and {@code serverName} stay.
   * So do the listener's broker credentials (secret {@code kafka.*} values such as {@code
   * sasl.jaas.config}): a dialer logs in to the broker as itself.
   */
  @Override
  public URI boundUri(URI requested, Closeable server) {
    String query = requested.getRawQuery();
    if (query == null) {
      return requested;
    }
    java.util.StringJoiner kept = new java.util.StringJoiner("&");
    for (String pair : query.split("&")) {
      String name = URLDecoder.decode(pair.indexOf('=') < 0 ? pair : pair.substring(0, pair.indexOf('=')),
          StandardCharsets.UTF_8);
      if (!java.util.Set.of("cert", "key", "clientAuth").contains(name) && !RedactedUri.isSecret(name)) {
        kept.add(pair);
      }
    }
    String s = requested.toString();
    return URI.create(s.substring(0, s.indexOf('?')) + (kept.length() == 0 ? "" : "?" + kept));
  }

  /**
   * 1,024 unless the URI's {@code streamPrefetch} says otherwise: every REQUEST_N crosses the
   * broker, so a receiver asks for many items at once (and may buffer that many).
   */
  @Override
  public int streamPrefetch(URI uri) {
    return KafkaUri.parse(uri).streamPrefetch();
  }

  /** Below the broker's default message limit (1 MiB) unless the URI's {@code maxFrameSize} says otherwise. */
  @Override
  public int maxFrameSize(URI uri) {
    return KafkaUri.parse(uri).maxFrameSize();
  }
}
