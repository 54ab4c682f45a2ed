import io.backchannel.core.internal.transport.LocalTransportFactory;
import io.backchannel.core.internal.transport.NettyTransportFactory;
import io.backchannel.core.internal.transport.TlsTransportFactory;
import io.backchannel.core.transport.TransportFactory;

/**
 * The peer. Exports the API packages and the transport SPI; {@code io.backchannel.core.internal.*}
 * is never exported (opened to Jackson alone, for the records it binds).
 */
// Automatic modules are unavoidable here (see below); the lint would only repeat that per line.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.backchannel.core {
  requires transitive io.backchannel.api;
  requires transitive org.jspecify;
  // Automatic modules (no module-info upstream), each with a stable Automatic-Module-Name in its
  // manifest, so requiring them transitively is safe. They appear in the exported API: RSocket
  // transports and connections, Mono/Flux/Publisher, ByteBuf, MeterRegistry.
  requires transitive rsocket.core;
  requires transitive reactor.core;
  requires transitive org.reactivestreams;
  requires transitive micrometer.core;
  requires transitive micrometer.observation; // PeerBuilder.observations, the observation contexts
  requires transitive micrometer.commons; // KeyValues of the observation conventions
  // Optional: only read for the trace id of a served call's span (internal.tracing.TracerSpans).
  requires static micrometer.tracing;
  requires transitive io.netty.buffer;
  requires transitive io.netty.transport; // TlsIdentity names a Channel

  requires rsocket.transport.netty;
  requires rsocket.transport.local;
  requires reactor.netty.core;
  requires reactor.netty.http;
  requires io.netty.common;
  requires io.netty.handler;
  requires io.netty.codec.http;
  requires com.nimbusds.jose.jwt; // JWT parsing, signing and verification for tokens
  requires tools.jackson.core;
  requires tools.jackson.databind; // Jackson 3; it brings the 2.x annotations (com.fasterxml.jackson.annotation)
  requires tools.jackson.dataformat.cbor;
  requires org.slf4j;
  requires java.naming;
  requires java.management;
  requires jdk.management; // com.sun.management for the process CPU load gauge

  exports io.backchannel.core;
  exports io.backchannel.core.auth;
  exports io.backchannel.core.cluster;
  exports io.backchannel.core.codec;
  exports io.backchannel.core.node;
  exports io.backchannel.core.observe;
  exports io.backchannel.core.transport;
  // Our own Kafka transport configures TLS exactly as core's transports do, and redacts URIs alike.
  exports io.backchannel.core.internal.transport to io.backchannel.transport.kafka;

  // Jackson binds the handshake, control, node-listing and token records reflectively.
  opens io.backchannel.core.node to tools.jackson.databind;
  opens io.backchannel.core.auth to tools.jackson.databind;
  opens io.backchannel.core.cluster to tools.jackson.databind; // the records cluster stores write as JSON
  opens io.backchannel.core.internal.wire to tools.jackson.databind;

  uses TransportFactory;

  provides TransportFactory with
      NettyTransportFactory,
      LocalTransportFactory,
      TlsTransportFactory;
}
