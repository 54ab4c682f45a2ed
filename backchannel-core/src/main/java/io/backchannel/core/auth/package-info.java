/**
 * Who may connect: the {@link io.backchannel.core.auth.Authenticator} SPI a listening peer
 * consults for every SETUP, and the built-in bearer tokens: standard signed JWTs
 * ({@link io.backchannel.core.auth.Tokens}, {@link io.backchannel.core.auth.TokenKeys}).
 */
@NullMarked
package io.backchannel.core.auth;

import org.jspecify.annotations.NullMarked;
