/** Internal: the peer's Micrometer meters and the interceptor that times calls. Not API. */
@NullMarked
package io.backchannel.core.internal.metrics;

import org.jspecify.annotations.NullMarked;
