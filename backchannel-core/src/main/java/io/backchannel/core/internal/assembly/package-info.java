/**
 * Internal: wires a peer's collaborators together from its settings, once, so that the public
 * {@code Peer} only delegates. Not API.
 */
@NullMarked
package io.backchannel.core.internal.assembly;

import org.jspecify.annotations.NullMarked;
