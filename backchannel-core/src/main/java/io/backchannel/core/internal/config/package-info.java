/** Internal: the frozen settings a peer is built from. Not API. */
@NullMarked
package io.backchannel.core.internal.config;

import org.jspecify.annotations.NullMarked;
