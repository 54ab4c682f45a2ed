package io.backchannel.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * The {@code backchannel.*} keys, each mapped onto the {@code PeerBuilder} option of the same
 * meaning. A key left unset leaves the core default, which each description names.
 */
@ConfigurationProperties("backchannel")
public class BackchannelProperties {
  /** Whether to run a Backchannel peer at all. */
  private boolean enabled = true;
  /** This node's id, unique among the nodes of a console; defaults to spring.application.name, else a random node-xxxxxxxx. */
  private @Nullable String nodeId;
  /** The tenant this node belongs to ("default" if unset). */
  private @Nullable String tenant;
  /** This node's role ("node" if unset); a console may grant some roles calls across tenants. */
  private @Nullable String role;
  /**
   * The node id of the hub that relays this node's calls to nodes it has no connection to; for a
   * link to the consoles of a cluster, the node id of each of them (a comma list).
   */
  private List<String> hub = new ArrayList<>();
  /** Labels announced to connected nodes, which selectors match ("role" is reserved). */
  private Map<String, String> tags = new LinkedHashMap<>();
  /** Roles whose nodes may list and call nodes of every tenant through this node, as a hub. */
  private List<String> crossTenantRoles = new ArrayList<>();
  /** URIs to listen on, e.g. tcp://0.0.0.0:7000, ws://0.0.0.0:8080/rpc, tcp+tls://0.0.0.0:7443; port 0 picks a free port. */
  private List<String> listen = new ArrayList<>();
  /** The bearer token (a JWT) this node presents when it dials; the environment variable BACKCHANNEL_TOKEN sets it too. */
  private @Nullable String token;
  /** A file holding the bearer token, read again at every dial so that a rotated token is picked up. */
  private @Nullable Path tokenFile;
  /** The codec this node asks for when it dials (CBOR if unset); both are always accepted. */
  private @Nullable WireCodec codec;
  /** Turns on RSocket resumption with this session timeout (off if unset); both sides must turn it on. */
  private @Nullable Duration resume;
  /** How often this node reports its load to connected nodes (2s if unset). */
  private @Nullable Duration loadReportInterval;

  @NestedConfigurationProperty private final Connect connect = new Connect();
  @NestedConfigurationProperty private final Auth auth = new Auth();
  @NestedConfigurationProperty private final Tls tls = new Tls();
  @NestedConfigurationProperty private final KeepAlive keepAlive = new KeepAlive();
  @NestedConfigurationProperty private final Deadlines deadlines = new Deadlines();
  @NestedConfigurationProperty private final Limits limits = new Limits();
  @NestedConfigurationProperty private final Export export = new Export();
  @NestedConfigurationProperty private final Shutdown shutdown = new Shutdown();
  /** Targets of injected proxies, by service name (as in @RemoteService): backchannel.clients.Worker.strategy=node. */
  private Map<String, Client> clients = new LinkedHashMap<>();

  /** The codecs a node may ask for. */
  public enum WireCodec { CBOR, JSON }

  /** Whether a listener asks dialers for a TLS client certificate. */
  public enum ClientAuth { NONE, OPTIONAL, REQUIRE }

  /** The console this node dials and keeps a connection to: uri for one, uris for the consoles of a cluster. */
  public static class Connect {
    /** The URI to dial, e.g. tcp://console.example:7000; the link redials whenever it drops. */
    private @Nullable String uri;
    /**
     * The URIs of several consoles (a console cluster), instead of uri: the link dials one at random
     * and moves on to the next whenever a dial fails or its connection drops.
     */
    private List<String> uris = new ArrayList<>();
    /** Whether health is DOWN while the link is down. */
    private boolean required = true;
    /** If set, startup waits this long for the first connection and fails without one. */
    private @Nullable Duration awaitOnStart;
    @NestedConfigurationProperty private final Reconnect reconnect = new Reconnect();

    public @Nullable String getUri() { return uri; }
    public void setUri(@Nullable String uri) { this.uri = uri; }
    public List<String> getUris() { return uris; }
    public void setUris(List<String> uris) { this.uris = uris; }
    public boolean isRequired() { return required; }
    public void setRequired(boolean required) { this.required = required; }
    public @Nullable Duration getAwaitOnStart() { return awaitOnStart; }
    public void setAwaitOnStart(@Nullable Duration awaitOnStart) { this.awaitOnStart = awaitOnStart; }
    public Reconnect getReconnect() { return reconnect; }
  }

  /** The exponential backoff between redials. */
  public static class Reconnect {
    /** The first delay (200ms if unset). */
    private @Nullable Duration min;
    /** The longest delay (30s if unset). */
    private @Nullable Duration max;

    public @Nullable Duration getMin() { return min; }
    public void setMin(@Nullable Duration min) { this.min = min; }
    public @Nullable Duration getMax() { return max; }
    public void setMax(@Nullable Duration max) { this.max = max; }
  }

  /** Who may connect when this node listens: a listener needs one of key-file, jwk-set-file or insecure. */
  public static class Auth {
    /** Accept every node without a token: only for trusted networks and tests. */
    private boolean insecure;
    /** HS256 secrets that verify (and issue) tokens, one "<key-id> <base64 secret>" per line, '#' starting a comment. */
    private @Nullable Path keyFile;
    /** A JWK set of keys that verify tokens (ES256, EdDSA, RS256 public keys, e.g. an identity provider's, or HS256). */
    private @Nullable Path jwkSetFile;
    /** Tokens whose exp - iat is longer are refused (24h if unset). */
    private @Nullable Duration maxTokenLifetime;
    /** How far issuers' clocks may be off, at most 5m (60s if unset). */
    private @Nullable Duration clockSkew;
    /** The iss tokens must carry, if set. */
    private @Nullable String issuer;
    /** The aud tokens must carry, if set. */
    private @Nullable String audience;
    /** How often each admitted node's credential is checked again (1m if unset). */
    private @Nullable Duration credentialRecheck;

    public boolean isInsecure() { return insecure; }
    public void setInsecure(boolean insecure) { this.insecure = insecure; }
    public @Nullable Path getKeyFile() { return keyFile; }
    public void setKeyFile(@Nullable Path keyFile) { this.keyFile = keyFile; }
    public @Nullable Path getJwkSetFile() { return jwkSetFile; }
    public void setJwkSetFile(@Nullable Path jwkSetFile) { this.jwkSetFile = jwkSetFile; }
    public @Nullable Duration getMaxTokenLifetime() { return maxTokenLifetime; }
    public void setMaxTokenLifetime(@Nullable Duration maxTokenLifetime) { this.maxTokenLifetime = maxTokenLifetime; }
    public @Nullable Duration getClockSkew() { return clockSkew; }
    public void setClockSkew(@Nullable Duration clockSkew) { this.clockSkew = clockSkew; }
    public @Nullable String getIssuer() { return issuer; }
    public void setIssuer(@Nullable String issuer) { this.issuer = issuer; }
    public @Nullable String getAudience() { return audience; }
    public void setAudience(@Nullable String audience) { this.audience = audience; }
    public @Nullable Duration getCredentialRecheck() { return credentialRecheck; }
    public void setCredentialRecheck(@Nullable Duration credentialRecheck) { this.credentialRecheck = credentialRecheck; }
  }

  /**
   * TLS files, added as query parameters (docs/tls.md) to every tcp+tls://, tls:// and wss:// URI
   * in listen, connect.uri and connect.uris that does not already give them.
   */
  public static class Tls {
    /** PEM certificate chain: the listener's (required to listen with TLS), or the dialer's client certificate. */
    private @Nullable Path cert;
    /** The unencrypted PKCS#8 PEM private key of cert. */
    private @Nullable Path key;
    /** PEM bundle of CAs: a dialer trusts them for the server (else the JDK's); a listener for client certificates. */
    private @Nullable Path ca;
    /** Listeners only: whether to ask dialers for a client certificate (none if unset; optional and require need ca). */
    private @Nullable ClientAuth clientAuth;
    /** Dialers only: the name the server certificate must carry, if not the URI's host. */
    private @Nullable String serverName;

    public @Nullable Path getCert() { return cert; }
    public void setCert(@Nullable Path cert) { this.cert = cert; }
    public @Nullable Path getKey() { return key; }
    public void setKey(@Nullable Path key) { this.key = key; }
    public @Nullable Path getCa() { return ca; }
    public void setCa(@Nullable Path ca) { this.ca = ca; }
    public @Nullable ClientAuth getClientAuth() { return clientAuth; }
    public void setClientAuth(@Nullable ClientAuth clientAuth) { this.clientAuth = clientAuth; }
    public @Nullable String getServerName() { return serverName; }
    public void setServerName(@Nullable String serverName) { this.serverName = serverName; }
  }

  /** KEEPALIVE of dialed connections; both are needed together. */
  public static class KeepAlive {
    /** How often a dialer sends KEEPALIVE (20s if unset). */
    private @Nullable Duration interval;
    /** How long either side waits without one before it declares the connection dead (90s if unset). */
    private @Nullable Duration timeout;

    public @Nullable Duration getInterval() { return interval; }
    public void setInterval(@Nullable Duration interval) { this.interval = interval; }
    public @Nullable Duration getTimeout() { return timeout; }
    public void setTimeout(@Nullable Duration timeout) { this.timeout = timeout; }
  }

  /** How long calls, dials and admissions may take. */
  public static class Deadlines {
    /** The deadline of calls with no @Timeout or per-call deadline (30s if unset). */
    private @Nullable Duration call;
    /** The longest this node serves or relays any call, whatever the caller asks (5m if unset). */
    private @Nullable Duration max;
    /** How long a dial or a listen may take (10s if unset). */
    private @Nullable Duration connectTimeout;
    /** How long a listener gives an accepted connection to be admitted: TLS, SETUP, authentication (10s if unset). */
    private @Nullable Duration setupTimeout;
    /** Calls slower than this log at WARN (1s if unset). */
    private @Nullable Duration slowCallThreshold;

    public @Nullable Duration getCall() { return call; }
    public void setCall(@Nullable Duration call) { this.call = call; }
    public @Nullable Duration getMax() { return max; }
    public void setMax(@Nullable Duration max) { this.max = max; }
    public @Nullable Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(@Nullable Duration connectTimeout) { this.connectTimeout = connectTimeout; }
    public @Nullable Duration getSetupTimeout() { return setupTimeout; }
    public void setSetupTimeout(@Nullable Duration setupTimeout) { this.setupTimeout = setupTimeout; }
    public @Nullable Duration getSlowCallThreshold() { return slowCallThreshold; }
    public void setSlowCallThreshold(@Nullable Duration slowCallThreshold) { this.slowCallThreshold = slowCallThreshold; }
  }

  /** Bounds on what this node serves, relays and admits. */
  public static class Limits {
    /** The most inbound calls served at once (10000 if unset); more are refused as overloaded. */
    private @Nullable Integer maxConcurrentCalls;
    /** The most inbound calls one tenant's nodes have served at once (half of max-concurrent-calls if unset). */
    private @Nullable Integer maxConcurrentCallsPerTenant;
    /** The most inbound calls one connection has served at once (a quarter of max-concurrent-calls if unset). */
    private @Nullable Integer maxConcurrentCallsPerConnection;
    /** The most streams and channels open at once on one connection (1000 if unset). */
    private @Nullable Integer maxStreamsPerConnection;
    /** The largest encoded request or response (8MB if unset). */
    private @Nullable DataSize maxPayloadSize;
    /** How many relayed bytes a hub lets queue for one connection (16MB if unset). */
    private @Nullable DataSize maxRelayBuffer;
    /** The most connections each listener holds open (10000 if unset). */
    private @Nullable Integer maxConnections;
    /** The most connections each listener holds open from one IP address (256 if unset). */
    private @Nullable Integer maxConnectionsPerAddress;
    /** The largest frame a listener reads before a connection is admitted (64KB if unset). */
    private @Nullable DataSize maxSetupFrameSize;

    public @Nullable Integer getMaxConcurrentCalls() { return maxConcurrentCalls; }
    public void setMaxConcurrentCalls(@Nullable Integer v) { this.maxConcurrentCalls = v; }
    public @Nullable Integer getMaxConcurrentCallsPerTenant() { return maxConcurrentCallsPerTenant; }
    public void setMaxConcurrentCallsPerTenant(@Nullable Integer v) { this.maxConcurrentCallsPerTenant = v; }
    public @Nullable Integer getMaxConcurrentCallsPerConnection() { return maxConcurrentCallsPerConnection; }
    public void setMaxConcurrentCallsPerConnection(@Nullable Integer v) { this.maxConcurrentCallsPerConnection = v; }
    public @Nullable Integer getMaxStreamsPerConnection() { return maxStreamsPerConnection; }
    public void setMaxStreamsPerConnection(@Nullable Integer v) { this.maxStreamsPerConnection = v; }
    public @Nullable DataSize getMaxPayloadSize() { return maxPayloadSize; }
    public void setMaxPayloadSize(@Nullable DataSize v) { this.maxPayloadSize = v; }
    public @Nullable DataSize getMaxRelayBuffer() { return maxRelayBuffer; }
    public void setMaxRelayBuffer(@Nullable DataSize v) { this.maxRelayBuffer = v; }
    public @Nullable Integer getMaxConnections() { return maxConnections; }
    public void setMaxConnections(@Nullable Integer v) { this.maxConnections = v; }
    public @Nullable Integer getMaxConnectionsPerAddress() { return maxConnectionsPerAddress; }
    public void setMaxConnectionsPerAddress(@Nullable Integer v) { this.maxConnectionsPerAddress = v; }
    public @Nullable DataSize getMaxSetupFrameSize() { return maxSetupFrameSize; }
    public void setMaxSetupFrameSize(@Nullable DataSize v) { this.maxSetupFrameSize = v; }
  }

  /** Which beans are exported. */
  public static class Export {
    /** Whether beans implementing a @RemoteService interface are exported. */
    private boolean enabled = true;
    /** Names of beans not to export (as @NotExported does). */
    private List<String> excludedBeans = new ArrayList<>();

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public List<String> getExcludedBeans() { return excludedBeans; }
    public void setExcludedBeans(List<String> excludedBeans) { this.excludedBeans = excludedBeans; }
  }

  /** What happens when the application context closes. */
  public static class Shutdown {
    /**
     * How long the leaving node lets the calls it serves finish before it closes; keep it below
     * spring.lifecycle.timeout-per-shutdown-phase (30s by default).
     */
    private Duration grace = Duration.ofSeconds(20);

    public Duration getGrace() { return grace; }
    public void setGrace(Duration grace) { this.grace = grace; }
  }

  /** The target of a service's injected proxies. */
  public static class Client {
    /** How calls pick their node. */
    private TargetStrategy strategy = TargetStrategy.DEFAULT;
    /** The node id, for strategy node. */
    private @Nullable String nodeId;
    /** The tenant the node or the selected nodes must belong to (this node's own if unset). */
    private @Nullable String tenant;
    /** The service the selected nodes must export (the proxied one if unset). */
    private @Nullable String service;
    /** Tags the selected nodes must carry. */
    private Map<String, String> tags = new LinkedHashMap<>();
    /** The sticky key, for strategy sticky. */
    private @Nullable String key;

    public TargetStrategy getStrategy() { return strategy; }
    public void setStrategy(TargetStrategy strategy) { this.strategy = strategy; }
    public @Nullable String getNodeId() { return nodeId; }
    public void setNodeId(@Nullable String nodeId) { this.nodeId = nodeId; }
    public @Nullable String getTenant() { return tenant; }
    public void setTenant(@Nullable String tenant) { this.tenant = tenant; }
    public @Nullable String getService() { return service; }
    public void setService(@Nullable String service) { this.service = service; }
    public Map<String, String> getTags() { return tags; }
    public void setTags(Map<String, String> tags) { this.tags = tags; }
    public @Nullable String getKey() { return key; }
    public void setKey(@Nullable String key) { this.key = key; }
  }

  public boolean isEnabled() { return enabled; }
  public void setEnabled(boolean enabled) { this.enabled = enabled; }
  public @Nullable String getNodeId() { return nodeId; }
  public void setNodeId(@Nullable String nodeId) { this.nodeId = nodeId; }
  public @Nullable String getTenant() { return tenant; }
  public void setTenant(@Nullable String tenant) { this.tenant = tenant; }
  public @Nullable String getRole() { return role; }
  public void setRole(@Nullable String role) { this.role = role; }
  public List<String> getHub() { return hub; }
  public void setHub(List<String> hub) { this.hub = hub; }
  public Map<String, String> getTags() { return tags; }
  public void setTags(Map<String, String> tags) { this.tags = tags; }
  public List<String> getCrossTenantRoles() { return crossTenantRoles; }
  public void setCrossTenantRoles(List<String> crossTenantRoles) { this.crossTenantRoles = crossTenantRoles; }
  public List<String> getListen() { return listen; }
  public void setListen(List<String> listen) { this.listen = listen; }
  public @Nullable String getToken() { return token; }
  public void setToken(@Nullable String token) { this.token = token; }
  public @Nullable Path getTokenFile() { return tokenFile; }
  public void setTokenFile(@Nullable Path tokenFile) { this.tokenFile = tokenFile; }
  public @Nullable WireCodec getCodec() { return codec; }
  public void setCodec(@Nullable WireCodec codec) { this.codec = codec; }
  public @Nullable Duration getResume() { return resume; }
  public void setResume(@Nullable Duration resume) { this.resume = resume; }
  public @Nullable Duration getLoadReportInterval() { return loadReportInterval; }
  public void setLoadReportInterval(@Nullable Duration loadReportInterval) { this.loadReportInterval = loadReportInterval; }
  public Connect getConnect() { return connect; }
  public Auth getAuth() { return auth; }
  public Tls getTls() { return tls; }
  public KeepAlive getKeepAlive() { return keepAlive; }
  public Deadlines getDeadlines() { return deadlines; }
  public Limits getLimits() { return limits; }
  public Export getExport() { return export; }
  public Shutdown getShutdown() { return shutdown; }
  public Map<String, Client> getClients() { return clients; }
  public void setClients(Map<String, Client> clients) { this.clients = clients; }
}
