/**
 * Internal: Backchannel's use of the RSocket wire (see {@code docs/protocol.md}): composite
 * metadata entries, the SETUP hello and error payloads. Not API.
 */
@NullMarked
package io.backchannel.core.internal.wire;

import org.jspecify.annotations.NullMarked;
