/**
 * The Backchannel peer: listen, dial, export services and call the other side's, in both
 * directions over one connection. Start at {@link io.backchannel.core.Peer#builder()}.
 */
@NullMarked
package io.backchannel.core;

import org.jspecify.annotations.NullMarked;
