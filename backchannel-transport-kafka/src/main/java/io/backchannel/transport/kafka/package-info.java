/**
 * An RSocket transport over Apache Kafka: {@code kafka://host:port/topic}. Everything here is an
 * implementation detail reached through {@link io.backchannel.transport.kafka.KafkaTransportFactory}
 * and {@link io.backchannel.core.transport.Transports}; see the module README for the topic layout
 * and the close protocol.
 */
@NullMarked
package io.backchannel.transport.kafka;

import org.jspecify.annotations.NullMarked;
