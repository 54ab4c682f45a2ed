/**
 * Internal: connections. Dialing ({@link io.backchannel.core.internal.connect.Dialer}), binding
 * listeners ({@link io.backchannel.core.internal.connect.Binder}), the links that redial, and the
 * one RSocket configuration both sides use. Not API.
 */
@NullMarked
package io.backchannel.core.internal.connect;

import org.jspecify.annotations.NullMarked;
