package io.backchannel.core;

import io.backchannel.core.codec.Codec;
import io.backchannel.core.codec.Codecs;
import io.backchannel.core.observe.SlowCallListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/** Configures a {@link Peer}. Not thread-safe; build once. */
public final class PeerBuilder {
  String nodeId = "node-" + UUID.randomUUID().toString().substring(0, 8);
  @Nullable String tenant;
  final Map<String, String> tags = new LinkedHashMap<>();
  Codec codec = Codecs.cbor();
  final Map<String, Codec> codecs = new LinkedHashMap<>();
  @Nullable Executor executor;
  int maxConcurrentCalls = 10_000;
  Duration defaultDeadline = Duration.ofSeconds(30);
  Duration connectTimeout = Duration.ofSeconds(10);
  Duration slowCallThreshold = Duration.ofSeconds(1);
  @Nullable SlowCallListener slowCallListener;
  int maxPayloadSize = 8 * 1024 * 1024;
  final List<Export<?>> exports = new ArrayList<>();

  record Export<T>(Class<T> type, T implementation) {}

  PeerBuilder() {
    addCodec(Codecs.cbor());
    addCodec(Codecs.json());
  }

  /** This node's id, sent in SETUP; defaults to a random {@code node-xxxxxxxx}. */
  public PeerBuilder nodeId(String nodeId) {
    if (Objects.requireNonNull(nodeId, "nodeId").isBlank()) {
      throw new IllegalArgumentException("nodeId must not be blank");
    }
    this.nodeId = nodeId;
    return this;
  }

  /** The tenant this node belongs to. */
  public PeerBuilder tenant(String tenant) {
    this.tenant = Objects.requireNonNull(tenant, "tenant");
    return this;
  }

  /** Adds a key/value label announced in SETUP. */
  public PeerBuilder tag(String key, String value) {
    tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * The codec this peer asks for when it dials (CBOR by default). It is also accepted from
   * dialers, as are CBOR, JSON and any {@link #addCodec added} codec.
   */
  public PeerBuilder codec(Codec codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
    addCodec(codec);
    return this;
  }

  /** Accepts dialers that ask for {@code codec}. */
  public PeerBuilder addCodec(Codec codec) {
    codecs.put(Objects.requireNonNull(codec, "codec").mimeType(), codec);
    return this;
  }

  /**
   * Runs inbound handlers and delivers asynchronous results. Defaults to a virtual thread per
   * task, which the peer shuts down on close; an executor given here is not shut down.
   */
  public PeerBuilder executor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /** The most inbound calls served at once (10,000 by default); more are refused as overloaded. */
  public PeerBuilder maxConcurrentCalls(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxConcurrentCalls must be at least 1, was " + max);
    }
    this.maxConcurrentCalls = max;
    return this;
  }

  /** The deadline of calls with no {@code @Timeout} or per-call deadline (30 s by default). */
  public PeerBuilder defaultDeadline(Duration deadline) {
    this.defaultDeadline = positive(deadline, "defaultDeadline");
    return this;
  }

  /** How long {@link Peer#dial} and {@link Peer#listen} may take (10 s by default). */
  public PeerBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = positive(timeout, "connectTimeout");
    return this;
  }

  /** Calls slower than this log at WARN and reach the slow-call listener (1 s by default). */
  public PeerBuilder slowCallThreshold(Duration threshold) {
    this.slowCallThreshold = positive(threshold, "slowCallThreshold");
    return this;
  }

  /** Told about every slow call, in either direction. */
  public PeerBuilder slowCallListener(SlowCallListener listener) {
    this.slowCallListener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /** The largest encoded request or response, in bytes (8 MiB by default). */
  public PeerBuilder maxPayloadSize(int bytes) {
    if (bytes < 64) {
      throw new IllegalArgumentException("maxPayloadSize must be at least 64 bytes, was " + bytes);
    }
    this.maxPayloadSize = bytes;
    return this;
  }

  /** Exports {@code implementation} as the remote service {@code type} (see {@link Peer#export}). */
  public <T> PeerBuilder service(Class<T> type, T implementation) {
    exports.add(new Export<>(Objects.requireNonNull(type, "type"), Objects.requireNonNull(implementation, "implementation")));
    return this;
  }

  /**
   * Builds the peer. It neither listens nor dials until told to.
   *
   * @throws IllegalArgumentException if an exported interface is invalid
   */
  public Peer build() {
    return new Peer(this);
  }

  private static Duration positive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
    return duration;
  }
}
