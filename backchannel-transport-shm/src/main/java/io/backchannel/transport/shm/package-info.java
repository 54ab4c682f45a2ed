/**
 * RSocket transport over shared memory for processes on one host ({@code shm:} URIs). Only
 * {@link io.backchannel.transport.shm.ShmTransportFactory} is public; it is found through the
 * {@code TransportFactory} service. Ring layout: {@code RingDescriptor}; handshake: {@code
 * Handshake}; waking: {@code Waiter}, {@code Notifier}, {@code Wakeup}.
 */
@NullMarked
package io.backchannel.transport.shm;

import org.jspecify.annotations.NullMarked;
