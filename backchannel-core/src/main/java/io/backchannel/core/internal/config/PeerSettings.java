package io.backchannel.core.internal.config;

import io.backchannel.core.auth.Authenticator;
import io.backchannel.core.auth.Principal;
import io.backchannel.core.codec.Codec;
import io.backchannel.core.internal.call.Ticker;
import io.backchannel.core.observe.CallInterceptor;
import io.backchannel.core.observe.SlowCallListener;
import io.backchannel.core.transport.ListenerLimits;
import io.backchannel.core.transport.TlsIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Everything a peer was configured with, validated and frozen by {@code PeerBuilder}: the one
 * source of settings that every collaborator reads from.
 *
 * @param tenant the tenant this node claims in SETUP; null lets its credential decide
 * @param dialCodec the codec asked for when dialing; {@code codecs} are those accepted when listening
 * @param hubs the node ids of this node's hubs (the consoles it dials), if it has any
 * @param trust what a listening peer grants the nodes it admitted
 * @param ticker the monotonic clock deadlines and durations are read from
 * @param limits the per-tenant and per-connection shares of {@code maxConcurrentCalls}, and the longest deadline
 * @param listenerLimits what listeners grant a connection before its SETUP is accepted
 * @param listenerPrincipals maps the certificate of each listener this peer dials to the node it
 *     is; null takes a dialed node's hello as it is
 * @param observations where every call is observed; null observes none, at no cost per call
 * @param cluster the console cluster this peer is a member of; null for none
 */
public record PeerSettings(
    String nodeId,
    @Nullable String tenant,
    String role,
    Map<String, String> tags,
    Codec dialCodec,
    Map<String, Codec> codecs,
    @Nullable Supplier<String> credential,
    @Nullable Authenticator authenticator,
    Set<String> crossTenantRoles,
    @Nullable Executor executor,
    int maxConcurrentCalls,
    Duration defaultDeadline,
    Duration connectTimeout,
    Duration slowCallThreshold,
    @Nullable SlowCallListener slowCallListener,
    List<CallInterceptor> interceptors,
    int maxPayloadSize,
    List<Export<?>> exports,
    @Nullable MeterRegistry meterRegistry,
    Duration keepAliveInterval,
    Duration keepAliveTimeout,
    Duration reconnectMin,
    Duration reconnectMax,
    Duration loadReportInterval,
    @Nullable DoubleSupplier loadGauge,
    @Nullable Duration resumeSession,
    Set<String> hubs,
    Ticker ticker,
    InboundLimits limits,
    TrustLimits trust,
    ListenerLimits listenerLimits,
    @Nullable Function<TlsIdentity, Optional<Principal>> listenerPrincipals,
    @Nullable ObservationSettings observations,
    @Nullable ClusterSettings cluster) {


  public PeerSettings {
    tags = Map.copyOf(tags);
    codecs = Map.copyOf(codecs);
    crossTenantRoles = Set.copyOf(crossTenantRoles);
    hubs = Set.copyOf(hubs);
    interceptors = List.copyOf(interceptors);
    exports = List.copyOf(exports);
  }

  /** A service to export at build time. */
  public record Export<T>(Class<T> type, T implementation) {}
}
