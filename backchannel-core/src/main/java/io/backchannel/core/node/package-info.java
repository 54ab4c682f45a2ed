/**
 * What a peer knows of other nodes and how it reaches them: {@link NodeInfo} and {@link
 * NodeSelector}, the {@link Registry} of connected nodes, {@link Connection}s and the {@link Link}s
 * that keep them up, and the {@link Target} a proxy calls.
 */
@NullMarked
package io.backchannel.core.node;

import org.jspecify.annotations.NullMarked;
