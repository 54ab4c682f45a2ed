package io.backchannel.spring.boot;

import io.backchannel.core.PeerBuilder;

/**
 * Changes the {@link PeerBuilder} the starter fills from {@code backchannel.*} before the {@code
 * Peer} bean is built: for what has no property (interceptors, a codec, an executor, a load
 * gauge). Every such bean is applied, in {@code @Order}; later ones win.
 */
@FunctionalInterface
public interface PeerBuilderCustomizer {
  void customize(PeerBuilder builder);
}
