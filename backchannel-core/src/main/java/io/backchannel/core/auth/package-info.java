/**
 * Who may connect: the {@link io.backchannel.core.auth.Authenticator} SPI a listening peer
 * consults for every SETUP, and the built-in signed, expiring bearer tokens.
 */
@NullMarked
package io.backchannel.core.auth;

import org.jspecify.annotations.NullMarked;
