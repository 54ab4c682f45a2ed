/**
 * Internal: sessions. The session of each connected node ({@link
 * io.backchannel.core.internal.session.Session}), the registry that indexes them, the handshake of
 * both sides (SETUP claim, authentication, hello), session control messages, node listing of both
 * sides, and the one {@link io.backchannel.core.internal.session.TenantPolicy} that every
 * visibility decision uses. Not API.
 */
@NullMarked
package io.backchannel.core.internal.session;

import org.jspecify.annotations.NullMarked;
