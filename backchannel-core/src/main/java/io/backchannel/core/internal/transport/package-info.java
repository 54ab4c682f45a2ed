/**
 * Internal: the transports core ships, found through the transport SPI: TCP and WebSocket (Netty),
 * their TLS forms configured by URI, and the in-JVM {@code local:} transport. Not API.
 */
@NullMarked
package io.backchannel.core.internal.transport;

import org.jspecify.annotations.NullMarked;
