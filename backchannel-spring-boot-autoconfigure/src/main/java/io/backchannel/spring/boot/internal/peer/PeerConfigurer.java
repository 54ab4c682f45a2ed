package io.backchannel.spring.boot.internal.peer;

import io.backchannel.core.PeerBuilder;
import io.backchannel.core.auth.Authenticator;
import io.backchannel.core.codec.Codecs;
import io.backchannel.core.transport.ListenerLimits;
import io.backchannel.spring.boot.BackchannelProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Fills a {@link PeerBuilder} from {@code backchannel.*}: each key set calls the builder option of
 * the same meaning, and a key left unset leaves the core default. The CLI's console and sidecar
 * commands make the same calls from their options.
 */
public final class PeerConfigurer {
  private final BackchannelProperties properties;

  public PeerConfigurer(BackchannelProperties properties) {
    this.properties = properties;
  }

  /** Applies the properties; {@code nodeIdFallback} (spring.application.name) names a node without node-id. */
  public PeerBuilder configure(PeerBuilder builder, @Nullable String nodeIdFallback, @Nullable Authenticator authenticator,
      @Nullable MeterRegistry meters) {
    BackchannelProperties p = properties;
    String nodeId = p.getNodeId() != null ? p.getNodeId() : nodeIdFallback;
    set(nodeId, builder::nodeId);
    set(p.getTenant(), builder::tenant);
    set(p.getRole(), builder::role);
    if (!p.getHub().isEmpty()) {
      builder.hub(p.getHub().getFirst(), p.getHub().subList(1, p.getHub().size()).toArray(String[]::new));
    }
    p.getTags().forEach(builder::tag);
    p.getCrossTenantRoles().forEach(builder::crossTenantRole);
    credential(builder, p.getToken(), p.getTokenFile());
    set(authenticator, builder::authenticator);
    set(meters, builder::meterRegistry);
    if (p.getCodec() != null) {
      builder.codec(p.getCodec() == BackchannelProperties.WireCodec.JSON ? Codecs.json() : Codecs.cbor());
    }
    set(p.getResume(), builder::resume);
    set(p.getLoadReportInterval(), builder::loadReportInterval);
    set(p.getAuth().getCredentialRecheck(), builder::credentialRecheck);
    keepAlive(builder, p.getKeepAlive());
    reconnect(builder, p.getConnect().getReconnect());
    deadlines(builder, p.getDeadlines());
    limits(builder, p.getLimits());
    return builder;
  }

  private static void credential(PeerBuilder builder, @Nullable String token, @Nullable Path tokenFile) {
    if (token != null && tokenFile != null) {
      throw new IllegalArgumentException("give backchannel.token or backchannel.token-file, not both");
    }
    if (token != null) {
      builder.credential(token);
    } else if (tokenFile != null) {
      // Read at every dial, so that a token rotated on disk is presented at the next reconnect.
      builder.credential(() -> TokenKeyFiles.readString(tokenFile).strip());
    }
  }

  private static void keepAlive(PeerBuilder builder, BackchannelProperties.KeepAlive keepAlive) {
    Duration interval = keepAlive.getInterval();
    Duration timeout = keepAlive.getTimeout();
    if ((interval == null) != (timeout == null)) {
      throw new IllegalArgumentException("give both backchannel.keep-alive.interval and backchannel.keep-alive.timeout, or neither");
    }
    if (interval != null && timeout != null) {
      builder.keepAlive(interval, timeout);
    }
  }

  private static void reconnect(PeerBuilder builder, BackchannelProperties.Reconnect reconnect) {
    if (reconnect.getMin() != null || reconnect.getMax() != null) {
      // The other bound at its core default (PeerBuilder takes both at once).
      Duration min = reconnect.getMin() != null ? reconnect.getMin() : Duration.ofMillis(200);
      Duration max = reconnect.getMax() != null ? reconnect.getMax() : Duration.ofSeconds(30);
      builder.reconnectBackoff(min, max);
    }
  }

  private static void deadlines(PeerBuilder builder, BackchannelProperties.Deadlines deadlines) {
    set(deadlines.getCall(), builder::defaultDeadline);
    set(deadlines.getMax(), builder::maxDeadline);
    set(deadlines.getConnectTimeout(), builder::connectTimeout);
    set(deadlines.getSetupTimeout(), builder::setupTimeout);
    set(deadlines.getSlowCallThreshold(), builder::slowCallThreshold);
  }

  private static void limits(PeerBuilder builder, BackchannelProperties.Limits limits) {
    set(limits.getMaxConcurrentCalls(), builder::maxConcurrentCalls);
    set(limits.getMaxConcurrentCallsPerTenant(), builder::maxConcurrentCallsPerTenant);
    set(limits.getMaxConcurrentCallsPerConnection(), builder::maxConcurrentCallsPerConnection);
    set(limits.getMaxStreamsPerConnection(), builder::maxStreamsPerConnection);
    if (limits.getMaxPayloadSize() != null) {
      builder.maxPayloadSize(Math.toIntExact(limits.getMaxPayloadSize().toBytes()));
    }
    if (limits.getMaxRelayBuffer() != null) {
      builder.maxRelayBufferBytes(limits.getMaxRelayBuffer().toBytes());
    }
    if (limits.getMaxConnections() != null || limits.getMaxConnectionsPerAddress() != null) {
      int total = limits.getMaxConnections() != null ? limits.getMaxConnections() : ListenerLimits.DEFAULTS.maxConnections();
      int perAddress = limits.getMaxConnectionsPerAddress() != null
          ? limits.getMaxConnectionsPerAddress() : ListenerLimits.DEFAULTS.maxConnectionsPerAddress();
      builder.maxConnections(total, perAddress);
    }
    if (limits.getMaxSetupFrameSize() != null) {
      builder.maxSetupFrameSize(Math.toIntExact(limits.getMaxSetupFrameSize().toBytes()));
    }
  }

  private static <T> void set(@Nullable T value, Consumer<T> option) {
    if (value != null) {
      option.accept(value);
    }
  }
}
