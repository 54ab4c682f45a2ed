/**
 * The transport SPI: how a URI becomes an RSocket {@code ClientTransport} or {@code
 * ServerTransport}. A transport module plugs in by listing its {@link
 * io.backchannel.core.transport.TransportFactory} in {@code
 * META-INF/services/io.backchannel.core.transport.TransportFactory}; applications never name
 * transports in code, only URIs.
 */
@NullMarked
package io.backchannel.core.transport;

import org.jspecify.annotations.NullMarked;
